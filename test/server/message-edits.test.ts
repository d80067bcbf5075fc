import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { connect, next, request, type Client } from './helpers.js';
import { GENERAL, ids, people, send } from './message-helpers.js';

const edit = (socket: Client, messageId: number, text: string) =>
  request(socket, 'message:edit', { messageId, text });

describe('message:edit', () => {
  it('changes the text, sets editedAt and a change number, and tells the room at once', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const original = await send(alice.socket, 'helo');
    expect(original.seq).toBe(0);
    expect(original).not.toHaveProperty('editedAt');
    const aliceElsewhere = await connect(url, alice.pair.token);
    const seenByBob = next<Message>(bob.socket, 'message:updated');
    const seenByOwnTab = next<Message>(aliceElsewhere, 'message:updated');
    const before = Date.now();
    const ack = await edit(alice.socket, original.id, ' hello ');
    expect(ack.ok).toBe(true);
    expect(ack.message).toMatchObject({
      id: original.id,
      text: 'hello',
      createdAt: original.createdAt,
    });
    expect(ack.message.editedAt).toBeGreaterThanOrEqual(before);
    expect(ack.message.seq).toBeGreaterThan(0);
    expect(await seenByBob).toEqual(ack.message);
    expect(await seenByOwnTab).toEqual(ack.message);
    const history = await request(bob.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages).toEqual([ack.message]);
    expect(history.changeSeq).toBe(ack.message.seq);
  });

  it('refuses others’ messages (forbidden), unknown or unseen ones (not_found), bad text', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol'], { maxTextLength: 20 });
    const mine = await send(alice.socket, 'mine');
    expect((await edit(bob.socket, mine.id, 'hijacked')).error.code).toBe('forbidden');
    expect((await edit(alice.socket, 999_999, 'nothing')).error.code).toBe('not_found');
    // A message of a private room Carol is not in: not even its existence is told.
    const secret = await request(bob.socket, 'room:create', { name: 'secret', kind: 'private' });
    const hidden = await send(bob.socket, 'hidden', { roomId: secret.room.id });
    expect((await edit(carol.socket, hidden.id, 'x')).error.code).toBe('not_found');
    expect((await edit(alice.socket, mine.id, ' \n ')).error.code).toBe('invalid_payload');
    expect((await edit(alice.socket, mine.id, 'x'.repeat(21))).error.code).toBe('too_large');
    expect((await edit(alice.socket, mine.id, ` ${'y'.repeat(20)} `)).message.text).toBe(
      'y'.repeat(20),
    );
    const history = await request(bob.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages.map((m: Message) => m.text)).toEqual(['y'.repeat(20)]);
  });

  it('replaces :shortcodes: with emoji on send and on edit, but not inside code', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const sent = await send(alice.socket, 'nice :thumbsup: `:thumbsup:`');
    expect(sent.text).toBe('nice 👍 `:thumbsup:`');
    expect((await edit(alice.socket, sent.id, ':tada: :+1:')).message.text).toBe('🎉 👍');
  });
});

describe('message:delete', () => {
  it('leaves a tombstone in place: no text, reactions or mentions, same position', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const first = await send(alice.socket, 'first');
    const doomed = await send(alice.socket, 'hey @bob');
    const last = await send(alice.socket, 'last');
    await request(bob.socket, 'message:react', { messageId: doomed.id, emoji: '👍', on: true });
    const reply = await send(bob.socket, 'answering', { replyTo: doomed.id });
    expect(reply.replyTo).toMatchObject({ id: doomed.id, excerpt: 'hey @bob' });
    const live = (await request(bob.socket, 'message:history', { roomId: GENERAL })).messages[1];
    expect(live).toMatchObject({ mentions: [bob.id], reactions: [{ emoji: '👍' }] });

    const seen = next<Message>(bob.socket, 'message:updated');
    const ack = await request(alice.socket, 'message:delete', { messageId: doomed.id });
    expect(ack.ok).toBe(true);
    expect(ack.message).toMatchObject({ id: doomed.id, text: '', createdAt: doomed.createdAt });
    expect(ack.message.deletedAt).toBeGreaterThan(0);
    expect(ack.message.seq).toBeGreaterThan(0);
    expect(ack.message).not.toHaveProperty('reactions');
    expect(ack.message).not.toHaveProperty('mentions');
    expect(await seen).toEqual(ack.message);

    const all = await request(bob.socket, 'message:history', { roomId: GENERAL });
    expect(ids(all)).toEqual([first.id, doomed.id, last.id, reply.id]);
    const older = await request(bob.socket, 'message:history', {
      roomId: GENERAL,
      before: last.id,
    });
    expect(ids(older)).toEqual([first.id, doomed.id]);
    const newer = await request(bob.socket, 'message:history', {
      roomId: GENERAL,
      after: first.id,
    });
    expect(ids(newer)).toEqual([doomed.id, last.id, reply.id]);
    const quoting = all.messages.find((m: Message) => m.id === reply.id);
    expect(quoting.replyTo).toEqual({
      id: doomed.id,
      author: doomed.author,
      excerpt: '',
      deleted: true,
    });

    // A tombstone is gone for every other purpose.
    expect((await edit(alice.socket, doomed.id, 'back')).error.code).toBe('not_found');
    const react = { messageId: doomed.id, emoji: '👍', on: true };
    expect((await request(bob.socket, 'message:react', react)).error.code).toBe('not_found');
    const again = await request(alice.socket, 'message:delete', { messageId: doomed.id });
    expect(again.error.code).toBe('not_found');
  });

  it('lets the owner delete anyone’s message, and no other member', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const carols = await send(carol.socket, 'spam');
    const refused = await request(bob.socket, 'message:delete', { messageId: carols.id });
    expect(refused.error.code).toBe('forbidden');
    const history = await request(carol.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages[0].text).toBe('spam');
    const seenByCarol = next<Message>(carol.socket, 'message:updated');
    const moderated = await request(alice.socket, 'message:delete', { messageId: carols.id });
    expect(moderated.message).toMatchObject({ id: carols.id, text: '', author: { id: carol.id } });
    expect((await seenByCarol).deletedAt).toBe(moderated.message.deletedAt);
  });
});
