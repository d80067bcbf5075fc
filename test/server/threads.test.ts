import { describe, expect, it } from 'vitest';
import type { Message, RoomListing } from '../../server/protocol.js';
import { next, request, type Client } from './helpers.js';
import { GENERAL, ids, people, send } from './message-helpers.js';

const history = (socket: Client, payload: Record<string, unknown>) =>
  request(socket, 'message:history', { roomId: GENERAL, ...payload });
const general = async (socket: Client): Promise<RoomListing> =>
  (await request(socket, 'rooms:list', { joined: true })).rooms.find(
    (r: RoomListing) => r.id === GENERAL,
  );

describe('replies', () => {
  it('quote the author and the first 140 characters of the message they answer', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const long = await send(alice.socket, `${'a'.repeat(139)}bc${'d'.repeat(200)}`);
    const reply = await send(bob.socket, 'agreed', { replyTo: long.id });
    expect(reply.replyTo).toEqual({
      id: long.id,
      author: long.author,
      excerpt: `${'a'.repeat(139)}b`,
    });
    expect(reply).not.toHaveProperty('threadId');
    expect(ids(await history(bob.socket, {}))).toEqual([long.id, reply.id]);
  });

  it('answer a retry with the stored reply even once the quoted message is gone', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const quoted = await send(alice.socket, 'soon gone');
    const root = await send(alice.socket, 'thread root');
    const reply = { roomId: GENERAL, text: 'answer', clientId: 'retry', replyTo: quoted.id };
    const inThread = { roomId: GENERAL, text: 'threaded', clientId: 'retry2', threadId: root.id };
    const first = await request(bob.socket, 'message:send', reply);
    const firstInThread = await request(bob.socket, 'message:send', inThread);
    await request(alice.socket, 'message:delete', { messageId: quoted.id });
    await request(alice.socket, 'message:delete', { messageId: root.id });
    // The ack was lost (say); the client sends again. It was stored: it must not be refused.
    const retried = await request(bob.socket, 'message:send', reply);
    expect(retried).toMatchObject({ ok: true, message: { id: first.message.id, text: 'answer' } });
    expect(retried.message.replyTo).toMatchObject({ deleted: true });
    const retriedInThread = await request(bob.socket, 'message:send', inThread);
    expect(retriedInThread).toMatchObject({ ok: true, message: { id: firstInThread.message.id } });
  });

  it('refuse a message of another room, storing nothing', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const other = (await request(alice.socket, 'room:create', { name: 'other', kind: 'public' }))
      .room;
    await request(bob.socket, 'room:join', { roomId: other.id });
    const elsewhere = await send(alice.socket, 'over here', { roomId: other.id });
    const refused = await request(bob.socket, 'message:send', {
      roomId: GENERAL,
      text: 'quoting across rooms',
      clientId: 'cross',
      replyTo: elsewhere.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const threaded = {
      roomId: GENERAL,
      text: 'threading across',
      clientId: 'cross',
      threadId: elsewhere.id,
    };
    expect((await request(bob.socket, 'message:send', threaded)).error.code).toBe('not_found');
    expect((await history(bob.socket, {})).messages).toEqual([]);
    expect((await history(bob.socket, { threadId: elsewhere.id })).messages).toEqual([]);
    // The clientId was not used up: the same send without the bad reference is a new message.
    const retry = { roomId: GENERAL, text: 'plain', clientId: 'cross' };
    expect((await request(bob.socket, 'message:send', retry)).message.text).toBe('plain');
  });
});

describe('threads', () => {
  it('keep replies out of the room, count them on the root live, and page them', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const root = await send(alice.socket, 'lunch?');
    // Alice, the root's author, is the one who must hear of a reply she did not write.
    const rootSeen = next<Message>(alice.socket, 'message:updated', (m) => m.id === root.id);
    const replySeen = next<Message>(alice.socket, 'message');
    const first = await send(bob.socket, 'yes', { threadId: root.id });
    expect(first).toMatchObject({ threadId: root.id });
    expect(first).not.toHaveProperty('alsoToRoom');
    expect(await replySeen).toEqual(first);
    const updated = await rootSeen;
    expect(updated).toMatchObject({
      id: root.id,
      thread: { replyCount: 1, lastReplyAt: first.createdAt },
    });
    expect(updated.seq).toBeGreaterThan(0);

    // A reply to a reply goes to the root's thread.
    const second = await send(alice.socket, 'where?', { threadId: first.id, replyTo: first.id });
    expect(second).toMatchObject({ threadId: root.id, replyTo: { id: first.id } });
    const shared = await send(bob.socket, 'the usual', { threadId: root.id, alsoToRoom: true });
    expect(shared).toMatchObject({ threadId: root.id, alsoToRoom: true });

    const room = await history(bob.socket, {});
    expect(ids(room)).toEqual([root.id, shared.id]);
    expect(room.messages[0].thread).toEqual({ replyCount: 3, lastReplyAt: shared.createdAt });
    expect((await general(alice.socket)).lastMessageId).toBe(shared.id);

    const newest = await history(bob.socket, { threadId: root.id, limit: 2 });
    expect(ids(newest)).toEqual([second.id, shared.id]);
    expect(newest.hasMore).toBe(true);
    const older = await history(bob.socket, { threadId: root.id, before: second.id, limit: 2 });
    expect(ids(older)).toEqual([first.id]);
    expect(older.hasMore).toBe(false);
    const forward = await history(bob.socket, { threadId: root.id, after: 0 });
    expect(ids(forward)).toEqual([first.id, second.id, shared.id]);
  });

  it('count a retried reply once, and do not move the room’s last message for it', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const root = await send(alice.socket, 'root');
    const reply = {
      roomId: GENERAL,
      text: 'only in the thread',
      clientId: 't1',
      threadId: root.id,
    };
    const sent = await request(alice.socket, 'message:send', reply);
    // A retry of the same send is the same reply: it is not counted twice.
    expect(await request(alice.socket, 'message:send', reply)).toEqual(sent);
    expect((await general(alice.socket)).lastMessageId).toBe(root.id);
    const [listed] = (await history(alice.socket, {})).messages;
    expect(listed.thread).toEqual({ replyCount: 1, lastReplyAt: sent.message.createdAt });
  });

  it('refuse alsoToRoom without a thread', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const payload = { roomId: GENERAL, text: 'x', clientId: 'also', alsoToRoom: true };
    const answer = await request(alice.socket, 'message:send', payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect((await history(alice.socket, {})).messages).toEqual([]);
  });
});
