import { describe, expect, it } from 'vitest';
import type { ChangesPage, Message, RoomListing } from '../../server/protocol.js';
import { connect, request } from './helpers.js';
import { GENERAL, people, send } from './message-helpers.js';

const changes = (socket: Parameters<typeof request>[0], payload: unknown) =>
  request<{ ok: true } & ChangesPage>(socket, 'message:changes', payload);

describe('message:changes', () => {
  it('gives a member who was away every message changed meanwhile, once, in feed order', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const sent: Message[] = [];
    for (const text of ['one', 'two', 'three', 'four', 'five'])
      sent.push(await send(alice.socket, text));
    const [one, two, three, four, five] = sent as [Message, Message, Message, Message, Message];
    // A change Bob has already seen: his position is after it, so it is not sent again.
    await request(alice.socket, 'message:react', { messageId: five.id, emoji: '🎉', on: true });
    const held = (await request(bob.socket, 'message:history', { roomId: GENERAL })).changeSeq;
    expect(held).toBe(1);
    bob.socket.disconnect();

    await request(alice.socket, 'message:edit', { messageId: one.id, text: 'one!' });
    await request(alice.socket, 'message:delete', { messageId: two.id });
    await request(alice.socket, 'message:react', { messageId: three.id, emoji: '👍', on: true });
    const reply = await send(alice.socket, 'in the thread', { threadId: four.id });
    await request(alice.socket, 'message:edit', { messageId: one.id, text: 'one!!' });

    const back = await connect(url, bob.pair.token);
    const listed = await request(back, 'rooms:list', { joined: true });
    const general = listed.rooms.find((r: RoomListing) => r.id === GENERAL);
    expect(general.changeSeq).toBe(6);
    const answer = await changes(back, { rooms: [{ roomId: GENERAL, since: held }] });
    expect(answer.rooms).toEqual([{ roomId: GENERAL, changeSeq: 6, complete: true }]);
    expect(answer.messages.map((m) => [m.id, m.seq])).toEqual([
      [two.id, 3],
      [three.id, 4],
      [four.id, 5],
      [one.id, 6],
    ]);
    const [gone, reacted, root, edited] = answer.messages;
    expect(gone).toMatchObject({ text: '', deletedAt: expect.any(Number) });
    expect(reacted?.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [alice.id] }]);
    expect(root?.thread).toEqual({ replyCount: 1, lastReplyAt: reply.createdAt });
    expect(edited).toMatchObject({ text: 'one!!', editedAt: expect.any(Number) });

    // Nothing new since the position just handed out.
    const after = await changes(back, { rooms: [{ roomId: GENERAL, since: 6 }] });
    expect(after).toEqual({
      ok: true,
      messages: [],
      rooms: [{ roomId: GENERAL, changeSeq: 6, complete: true }],
    });
  });

  it('pages with a limit, and leaves out rooms the user is not in', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const sent: Message[] = [];
    for (const text of ['a', 'b', 'c']) sent.push(await send(alice.socket, text));
    for (const m of sent)
      await request(alice.socket, 'message:react', { messageId: m.id, emoji: '👀', on: true });
    const secret = (await request(alice.socket, 'room:create', { name: 'secret', kind: 'private' }))
      .room;
    const hidden = await send(alice.socket, 'hidden', { roomId: secret.id });
    await request(alice.socket, 'message:edit', { messageId: hidden.id, text: 'still hidden' });

    const asked = [
      { roomId: secret.id, since: 0 },
      { roomId: GENERAL, since: 0 },
      { roomId: 9999, since: 0 },
    ];
    const first = await changes(bob.socket, { rooms: asked, limit: 2 });
    expect(first.messages.map((m) => m.id)).toEqual([sent[0]?.id, sent[1]?.id]);
    expect(first.rooms).toEqual([{ roomId: GENERAL, changeSeq: 2, complete: false }]);
    const rest = await changes(bob.socket, { rooms: [{ roomId: GENERAL, since: 2 }], limit: 2 });
    expect(rest.messages.map((m) => m.id)).toEqual([sent[2]?.id]);
    expect(rest.rooms).toEqual([{ roomId: GENERAL, changeSeq: 3, complete: true }]);
    // The owner of the private room gets it.
    const own = await changes(alice.socket, { rooms: [{ roomId: secret.id, since: 0 }] });
    expect(own.messages.map((m) => m.text)).toEqual(['still hidden']);
  });

  it('refuses more than 100 rooms and malformed requests', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const many = Array.from({ length: 101 }, (_, i) => ({ roomId: i + 1, since: 0 }));
    const bad: unknown[] = [
      { rooms: many },
      { rooms: [] },
      {},
      { rooms: [{ roomId: GENERAL }] },
      { rooms: [{ roomId: GENERAL, since: -1 }] },
      { rooms: [{ roomId: 'general', since: 0 }] },
      { rooms: [{ roomId: GENERAL, since: 0 }], limit: 0 },
      { rooms: [{ roomId: GENERAL, since: 0 }], limit: 1001 },
      { rooms: { roomId: GENERAL, since: 0 } },
    ];
    for (const payload of bad) {
      const answer = await request(alice.socket, 'message:changes', payload);
      expect(answer, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    // 100 rooms are fine: the one Alice is in is answered, once even when asked twice.
    const fine = await changes(alice.socket, { rooms: [...many.slice(0, 99), many[0]] });
    expect(fine.rooms).toEqual([{ roomId: GENERAL, changeSeq: 0, complete: true }]);
  });
});
