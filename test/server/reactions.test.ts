import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { next, request, type Client } from './helpers.js';
import { GENERAL, people, send } from './message-helpers.js';

const react = (socket: Client, messageId: number, emoji: unknown, on = true) =>
  request(socket, 'message:react', { messageId, emoji, on });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('message:react', () => {
  it('counts one emoji once whatever its spelling (variation selectors)', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const message = await send(alice.socket, 'love it');
    await react(alice.socket, message.id, '\u2764'); // a bare heart, as some keyboards send it
    const both = await react(bob.socket, message.id, '\u2764\uFE0F');
    expect(both.message.reactions).toEqual([
      { emoji: '❤️', count: 2, userIds: [alice.id, bob.id] },
    ]);
    const thumbs = await react(bob.socket, message.id, '👍\uFE0F');
    expect(thumbs.message.reactions?.[1]).toEqual({ emoji: '👍', count: 1, userIds: [bob.id] });
  });

  it('adds and removes reactions once each, in the order people reacted', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const message = await send(alice.socket, 'ship it?');
    const updates: Message[] = [];
    alice.socket.on('message:updated', (m) => updates.push(m));

    const first = await react(bob.socket, message.id, '👍');
    expect(first.message.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.id] }]);
    const seq = first.message.seq;
    expect(seq).toBeGreaterThan(0);
    // The same reaction again changes nothing: same state, same change number, no broadcast.
    const again = await react(bob.socket, message.id, '👍');
    expect(again.message).toEqual(first.message);
    await react(carol.socket, message.id, '👍');
    const heart = await react(alice.socket, message.id, '❤️');
    expect(heart.message.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob.id, carol.id] },
      { emoji: '❤️', count: 1, userIds: [alice.id] },
    ]);

    const removed = await react(bob.socket, message.id, '👍', false);
    expect(removed.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [carol.id] },
      { emoji: '❤️', count: 1, userIds: [alice.id] },
    ]);
    const removedAgain = await react(bob.socket, message.id, '👍', false);
    expect(removedAgain.message).toEqual(removed.message);
    const last = await react(carol.socket, message.id, '👍', false);
    expect(last.message.reactions).toEqual([{ emoji: '❤️', count: 1, userIds: [alice.id] }]);
    expect(last.message.seq).toBe(seq + 4);

    // Alice's own reaction is not echoed to her; the others' four changes are, once each.
    const marker = next<Message>(alice.socket, 'message:updated', (m) => m.seq === seq + 5);
    await react(bob.socket, message.id, '🎉');
    await marker;
    expect(updates.map((m) => m.seq)).toEqual([seq, seq + 1, seq + 3, seq + 4, seq + 5]);
    const stored = (await request(bob.socket, 'message:history', { roomId: GENERAL })).messages[0];
    expect(stored.reactions).toEqual([
      { emoji: '❤️', count: 1, userIds: [alice.id] },
      { emoji: '🎉', count: 1, userIds: [bob.id] },
    ]);
  });

  it('keeps the order of reactions made within one millisecond', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const message = await send(alice.socket, 'same instant');
    // A busy server gives many reactions the same clock reading: freeze it to make that certain.
    vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    await react(carol.socket, message.id, '👍');
    await react(bob.socket, message.id, '👍');
    await react(alice.socket, message.id, '🙏');
    const last = await react(alice.socket, message.id, '😀');
    const expected = [
      { emoji: '👍', count: 2, userIds: [carol.id, bob.id] },
      { emoji: '🙏', count: 1, userIds: [alice.id] },
      { emoji: '😀', count: 1, userIds: [alice.id] },
    ];
    expect(last.message.reactions).toEqual(expected);
    const history = await request(bob.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages[0].reactions).toEqual(expected);
  });

  it('takes exactly one emoji, and nothing else', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const message = await send(alice.socket, 'react to me');
    for (const emoji of ['ab', '👍👍', ':+1:', '👍'.repeat(5000), '', ' 👍', 'x👍', 7, null]) {
      const answer = await react(alice.socket, message.id, emoji);
      expect(answer, String(emoji).slice(0, 10)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    for (const emoji of ['👍🏽', '👨‍👩‍👧', '🇬🇧', '1️⃣'])
      expect((await react(alice.socket, message.id, emoji)).ok, emoji).toBe(true);
    const history = await request(alice.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages[0].reactions).toHaveLength(4);
  });

  it('holds at most 50 distinct emojis, while more people may still join one', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const message = await send(alice.socket, 'busy');
    const faces = Array.from({ length: 51 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    for (const face of faces.slice(0, 50))
      expect((await react(alice.socket, message.id, face)).ok, face).toBe(true);
    const full = await react(bob.socket, message.id, faces[50]);
    expect(full).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    const joined = await react(bob.socket, message.id, faces[0]);
    expect(joined.message.reactions).toHaveLength(50);
    expect(joined.message.reactions[0]).toEqual({
      emoji: faces[0],
      count: 2,
      userIds: [alice.id, bob.id],
    });
    expect(joined.message.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(
      faces.slice(0, 50),
    );
  });

  it('lists the first 100 people per emoji, with the full count', async () => {
    const names = Array.from({ length: 102 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const { people: everyone } = await people(names);
    const message = await send(everyone[0]!.socket, 'vote');
    let last;
    for (const person of everyone) last = await react(person.socket, message.id, '👍');
    const [thumbs] = last.message.reactions;
    expect(thumbs.count).toBe(102);
    expect(thumbs.userIds).toEqual(everyone.slice(0, 100).map((p) => p.id));
  }, 60_000);

  it('answers not_found for a message of a room the user is not in', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const secret = await request(alice.socket, 'room:create', { name: 'secret', kind: 'private' });
    const hidden = await send(alice.socket, 'hidden', { roomId: secret.room.id });
    expect((await react(bob.socket, hidden.id, '👍')).error.code).toBe('not_found');
    expect((await react(bob.socket, 424_242, '👍')).error.code).toBe('not_found');
  });
});
