import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { request } from './helpers.js';
import { GENERAL, people, send } from './message-helpers.js';

/**
 * A plain message is built from its insert (freshMessage, message-rows.ts), not read back: what
 * the sender is acknowledged and the room is sent must be exactly what the database holds, as
 * history reads it, field for field and in the same order.
 */
describe('a message as it is acknowledged', () => {
  it('is what history reads back, for plain messages and the ones read back', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const bobHears: Message[] = [];
    bob.socket.on('message', (m) => bobHears.push(m));
    const plain = await send(alice.socket, 'just words');
    const emoji = await send(alice.socket, 'hi :smile:');
    const everyone = await send(alice.socket, 'lunch @room');
    const named = await send(alice.socket, 'hey @bob');
    const reply = await send(alice.socket, 'quoting', { replyTo: plain.id });
    // Read before the thread reply, which changes its root (reply count, change number).
    const page = await request(bob.socket, 'message:history', { roomId: GENERAL });
    const inThread = await send(alice.socket, 'in a thread', { threadId: plain.id });
    const sent = [plain, emoji, everyone, named, reply, inThread];
    const threadPage = await request(bob.socket, 'message:history', {
      roomId: GENERAL,
      threadId: plain.id,
    });
    const stored = new Map(
      [...page.messages, ...threadPage.messages].map((m: Message) => [m.id, m]),
    );
    for (const message of sent)
      expect(JSON.stringify(message)).toBe(JSON.stringify(stored.get(message.id)));
    expect(everyone.mentionsRoom).toBe(true);
    expect(named.mentions).toEqual([bob.id]);
    await expect.poll(() => bobHears.length).toBe(sent.length);
    for (const heard of bobHears) expect(heard).toEqual(sent.find((m) => m.id === heard.id));
  });
});
