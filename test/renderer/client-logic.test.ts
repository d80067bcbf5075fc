import { bridgeErrorMessage } from '../../renderer/src/lib/bridge-error';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Message } from '../../server/protocol.js';
import {
  emptyRoom,
  mentionsMe,
  mergeMessages,
  wantsNotice,
} from '../../renderer/src/lib/chat-state.js';
import { reconnectDelay } from '../../renderer/src/lib/reconnect.js';
import { TypingTracker } from '../../renderer/src/lib/typing-tracker.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError } from '../../renderer/src/lib/api-client.js';
import {
  isLoopback,
  isUnencrypted,
  parseServerAddress,
} from '../../renderer/src/lib/server-address.js';
import { isFatalAuthError } from '../../renderer/src/lib/session.js';

const message = (id: number, authorId = 1): Message => ({
  id,
  roomId: 1,
  author: { id: authorId, username: `u${authorId}`, displayName: `U${authorId}` },
  text: `m${id}`,
  clientId: `c${id}`,
  createdAt: id,
  seq: 0,
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

  it('notifies by the room level: all, mentions of me only, or nothing', () => {
    const listing = {
      id: 1,
      name: 'general',
      kind: 'public' as const,
      memberCount: 3,
      lastMessageId: 0,
      changeSeq: 0,
      joined: true,
    };
    const room = (notify: 'all' | 'mentions' | 'none') => ({ ...emptyRoom(listing), notify });
    const plain = message(5, 2);
    const pinged = { ...message(6, 2), mentions: [1] };
    expect(emptyRoom(listing).notify).toBe('mentions');
    expect(emptyRoom({ ...listing, kind: 'direct' }).notify).toBe('all');
    expect([plain, pinged].map((m) => wantsNotice(room('all'), m, 1))).toEqual([true, true]);
    expect([plain, pinged].map((m) => wantsNotice(room('mentions'), m, 1))).toEqual([false, true]);
    expect([plain, pinged].map((m) => wantsNotice(room('none'), m, 1))).toEqual([false, false]);
    expect(wantsNotice(room('all'), message(7, 1), 1)).toBe(false); // my own
  });

  it('counts a mention of me by name or @room, never my own or a deleted one', () => {
    expect(mentionsMe({ ...message(1, 2), mentions: [1] }, 1)).toBe(true);
    expect(mentionsMe({ ...message(1, 2), mentionsRoom: true }, 1)).toBe(true);
    expect(mentionsMe({ ...message(1, 2), mentions: [3] }, 1)).toBe(false);
    expect(mentionsMe({ ...message(1, 1), mentionsRoom: true }, 1)).toBe(false);
    expect(mentionsMe({ ...message(1, 2), mentions: [1], deletedAt: 5 }, 1)).toBe(false);
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

  it('tries https first for an address typed without a scheme, plain http only after', () => {
    expect(parseServerAddress(' 192.168.1.5:4000 ')).toEqual({
      url: 'https://192.168.1.5:4000',
      plainFallback: 'http://192.168.1.5:4000',
    });
    expect(parseServerAddress('chat.example.org/some/page')).toEqual({
      url: 'https://chat.example.org',
      plainFallback: 'http://chat.example.org',
    });
    // A scheme typed is a scheme meant: no guessing either way.
    expect(parseServerAddress('https://chat.example.org/some/page')).toEqual({
      url: 'https://chat.example.org',
    });
    expect(parseServerAddress('http://192.168.1.5:4000')).toEqual({
      url: 'http://192.168.1.5:4000',
    });
    expect(() => parseServerAddress('http://')).toThrow();
    expect(() => parseServerAddress('ftp://192.168.1.5')).toThrow();
  });

  it('marks plain http as not encrypted, except to this computer', () => {
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])
      expect([isLoopback(url), isUnencrypted(url)], url).toEqual([true, false]);
    expect(isLoopback('http://[::ffff:127.0.0.1]:4000')).toBe(true);
    for (const url of ['http://192.168.1.5:4000', 'http://chat.example.org', 'http://[fd00::2]:1'])
      expect(isUnencrypted(url), url).toBe(true);
    expect(isUnencrypted('https://192.168.1.5:4443')).toBe(false);
    // A host name that only starts like loopback is not loopback.
    expect(isUnencrypted('http://127.0.0.1.example.org')).toBe(true);
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

describe('server info', () => {
  it('refuses a server that speaks another protocol version, and names who needs an update', async () => {
    let protocol = PROTOCOL_VERSION;
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'Old', serverId: 'x', version: '0', protocol }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      expect((await api.info()).protocol).toBe(PROTOCOL_VERSION);
      for (const [other, older] of [
        [PROTOCOL_VERSION - 1, 'the server'],
        [PROTOCOL_VERSION + 1, 'this app'],
      ] as const) {
        protocol = other;
        const error = await api.info().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).code).toBe('incompatible');
        expect((error as ApiError).message).toContain(`${older} needs an update`);
      }
    } finally {
      server.close();
    }
  });
});
