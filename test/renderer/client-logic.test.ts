import { bridgeErrorMessage } from '../../renderer/src/lib/bridge-error';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { countUnread, mergeMessages } from '../../renderer/src/lib/chat-state.js';
import { reconnectDelay } from '../../renderer/src/lib/reconnect.js';
import { TypingTracker } from '../../renderer/src/lib/typing-tracker.js';
import { ApiError, normalizeServerUrl } from '../../renderer/src/lib/api-client.js';
import { isFatalAuthError } from '../../renderer/src/lib/session.js';

const message = (id: number, authorId = 1): Message => ({
  id,
  roomId: 1,
  author: { id: authorId, username: `u${authorId}`, displayName: `U${authorId}` },
  text: `m${id}`,
  clientId: `c${id}`,
  createdAt: id,
});

describe('client logic', () => {
  it('merges messages sorted by id, each once', () => {
    const merged = mergeMessages(
      [message(1), message(3)],
      [message(3), message(2), message(5), message(4)],
    );
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(mergeMessages([message(1)], [])).toHaveLength(1);
    expect(mergeMessages([], [message(2), message(1)]).map((m) => m.id)).toEqual([1, 2]);
  });

  it('counts unread messages from others only', () => {
    expect(countUnread([message(1, 2), message(2, 1), message(3, 2)], 1, 1)).toBe(1);
  });

  it('backs off from 1 s to 30 s with jitter', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(1000);
    expect(reconnectDelay(1, () => 0.5)).toBe(2000);
    expect(reconnectDelay(10, () => 0.5)).toBe(30_000);
    expect(reconnectDelay(0, () => 0)).toBe(800);
    expect(reconnectDelay(0, () => 1)).toBe(1200);
  });

  it('throttles our own typing signal and always sends the stop', () => {
    const sent: boolean[] = [];
    const tracker = new TypingTracker(() => {});
    tracker.startOwn(1, (t) => sent.push(t), 0);
    tracker.startOwn(1, (t) => sent.push(t), 1000);
    tracker.startOwn(1, (t) => sent.push(t), 3500);
    tracker.stopOwn(1, (t) => sent.push(t));
    tracker.stopOwn(1, (t) => sent.push(t));
    expect(sent).toEqual([true, true, false]);
  });

  it('normalises typed server addresses', () => {
    expect(normalizeServerUrl(' 192.168.1.5:4000 ')).toBe('http://192.168.1.5:4000');
    expect(normalizeServerUrl('https://chat.example.org/some/page')).toBe(
      'https://chat.example.org',
    );
    expect(() => normalizeServerUrl('http://')).toThrow();
  });

  it('treats only session-ending answers as fatal', () => {
    expect(isFatalAuthError(new ApiError('token_revoked', 'x'))).toBe(true);
    expect(isFatalAuthError(new ApiError('banned', 'x'))).toBe(true);
    expect(isFatalAuthError(new ApiError('unreachable', 'x'))).toBe(false);
    expect(isFatalAuthError(new ApiError('rate_limited', 'x'))).toBe(false);
  });
});

describe('errors from the desktop bridge', () => {
  it("keeps only the main process's words", () => {
    const wrapped = new Error(
      "Error invoking remote method 'servers:add': Error: https://x is already pinned to another certificate",
    );
    expect(bridgeErrorMessage(wrapped)).toBe('https://x is already pinned to another certificate');
    expect(bridgeErrorMessage(new Error('plain'))).toBe('plain');
    expect(bridgeErrorMessage('text')).toBe('text');
  });
});
