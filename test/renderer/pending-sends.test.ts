import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { emptyRoom } from '../../renderer/src/lib/chat-state.js';
import { PendingSends } from '../../renderer/src/lib/pending-sends.js';
import type { Requester } from '../../renderer/src/lib/room-directory.js';
import { request as ask } from '../../renderer/src/lib/socket-request.js';
import { StateStore } from '../../renderer/src/lib/state-store.js';
import { connect, register, startServer } from '../server/helpers.js';

/** PendingSends on its own, against a real server: what it shows and what the server stores. */
async function setUp(options: Parameters<typeof startServer>[0] = {}) {
  const { url, server } = await startServer(options);
  const alice = await register(url, 'alice');
  const socket = await connect(url, alice.token);
  const store = new StateStore({
    me: alice.user,
    serverUrl: url,
    connection: { kind: 'connected' },
    rooms: {
      1: emptyRoom({
        id: 1,
        name: 'general',
        kind: 'public',
        joined: true,
        memberCount: 1,
        lastMessageId: 0,
        changeSeq: 0,
      }),
    },
    activeRoomId: 1,
    invitations: [],
    blocked: [],
    thread: null,
  });
  const stored: Message[] = [];
  let online = true;
  const requester: Requester = (event, payload) => ask(socket, event, payload);
  const sends = new PendingSends(
    store,
    requester,
    () => online,
    (m) => stored.push(m),
  );
  const pending = () => store.get().rooms[1]?.pending ?? [];
  const offline = (value: boolean) => (online = !value);
  return { server, socket, store, sends, stored, pending, offline };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
};

describe('pending sends', () => {
  it('shows a send at once as pending, and hands over what the server stored', async () => {
    const { sends, stored, pending } = await setUp();
    sends.send(1, 'hello');
    expect(pending().map((p) => [p.text, p.status])).toEqual([['hello', 'sending']]);
    await until(() => stored.length === 1);
    expect(stored[0]?.text).toBe('hello');
    expect(stored[0]?.clientId).toBe(pending()[0]?.clientId);
  });

  it('fails with the reason and the wait, and a retry with the same clientId stores it once', async () => {
    const { sends, stored, pending } = await setUp({ messageRate: { perSecond: 1, burst: 1 } });
    sends.send(1, 'one');
    sends.send(1, 'two');
    await until(() => pending().some((p) => p.status === 'failed'));
    const failed = pending().find((p) => p.status === 'failed');
    expect(failed?.error).toMatch(/Try again in \d+ s\./);
    await new Promise((r) => setTimeout(r, 1100));
    sends.retry(1, failed?.clientId ?? '');
    sends.retry(1, failed?.clientId ?? ''); // a double click: still one request, one message
    await until(() => stored.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(stored.map((m) => m.text).sort()).toEqual(['one', 'two']);
  });

  it('holds sends while offline and sends each once when connected again', async () => {
    const { sends, stored, pending, offline } = await setUp();
    offline(true);
    sends.send(1, 'later');
    await new Promise((r) => setTimeout(r, 100));
    expect(stored).toEqual([]);
    expect(pending()[0]?.status).toBe('sending');
    offline(false);
    sends.resend();
    sends.resend();
    await until(() => stored.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(stored.map((m) => m.text)).toEqual(['later']);
  });
});
