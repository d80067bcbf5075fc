import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { connect, http, register, request, startServer } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

type Client = Awaited<ReturnType<typeof connect>>;

/** Every message of #general as the server has it, oldest first. */
async function history(socket: Client): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = 0; ;) {
    const page = await request(socket, 'message:history', { roomId: 1, after, limit: 100 });
    all.push(...(page.messages as Message[]));
    const last = page.messages[page.messages.length - 1] as Message | undefined;
    if (!page.hasMore || !last) return all;
    after = last.id;
  }
}

/**
 * Issue 16: the client asks for coalesced delivery, and a busy room's `messages` batches end up
 * in the room as the server has it: every message once, in order, with this user's own messages
 * from this device (acknowledged) and from another device (in the batches) merged by id.
 */
describe('ChatClient with coalesced delivery', () => {
  it('shows a burst that arrives in batches: every message once, in order', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 1000, burst: 1000 } });
    const { client } = await signedInClient(url, 'alice');
    let batches = 0;
    let batched = 0;
    client.socket.on('messages', (messages) => {
      batches++;
      batched += messages.length;
    });
    client.start();
    await until(client, (s) => s.connection.kind === 'connected' && s.rooms[1]?.loaded === true);
    const bob = await connect(url, (await register(url, 'bob')).token);
    const carol = await connect(url, (await register(url, 'carol')).token);
    const login = await http(url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
    });
    const aliceElsewhere = await connect(url, login.body.token);
    const senders = [bob, carol, aliceElsewhere];
    // All at once, not one after another's ack: the room is busy, so the server batches.
    const sends = Array.from({ length: 300 }, (_, i) => {
      if (i % 50 === 25) client.send(1, `from here ${i}`);
      const socket = senders[i % senders.length] as Client;
      return request(socket, 'message:send', { roomId: 1, text: `m${i}`, clientId: `m${i}` });
    });
    for (const sent of await Promise.all(sends)) expect(sent.ok).toBe(true);
    const expected = await history(bob);
    expect(expected).toHaveLength(306);
    const shown = await until(
      client,
      (s) => s.rooms[1]?.messages.length === expected.length && s.rooms[1].pending.length === 0,
      15_000,
    );
    expect(shown.rooms[1]?.messages.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    expect(shown.rooms[1]?.messages.map((m) => m.text)).toEqual(expected.map((m) => m.text));
    // The burst did come in batches (else this test would prove nothing about them).
    expect(batches).toBeGreaterThan(0);
    expect(batched).toBeGreaterThan(batches);
    for (const socket of senders) socket.close();
  });
});
