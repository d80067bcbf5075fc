import type { Message } from '../../../server/protocol.js';
import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { messageChangeRaces } from './message-change-races.js';
import { messageChangesContract } from './message-changes-contract.js';
import { messageFeedContract } from './message-feed-contract.js';
import { draft, everything, GENERAL, oneNode, send, stored } from './message-people.js';
import { messageRaces } from './message-races.js';
import { messageReadContract } from './message-read-contract.js';
import { made } from './room-people.js';

/** Messages: what every ChatStore must do the same way (store.ts MessageStore). */
export function messageContract(kind: StoreKind): void {
  it('stores a message once per client id, and answers a repeat with it', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob']);
    const [ann = 0, bob = 0] = ids;
    const first = draft(GENERAL, ann, 'hello @room', { mentions: { names: [], room: true } });
    const made1 = await store.appendMessage(first);
    expect(made1).toEqual({
      created: true,
      message: {
        id: expect.any(Number) as number,
        roomId: GENERAL,
        author: { id: ann, username: 'ann', displayName: 'ann' },
        text: 'hello @room',
        clientId: first.clientId,
        createdAt: first.createdAt,
        seq: 0,
        mentionsRoom: true,
      },
    });
    const message = stored(made1);
    // What a send answers is what the store reads back.
    expect(await store.getMessage(message.id)).toEqual(message);
    expect(await store.liveMessage(message.id)).toEqual({ roomId: GENERAL, authorId: ann });
    expect(await store.appendMessage({ ...first, text: 'changed' })).toEqual({
      created: false,
      message,
    });
    // Another author may use the same client id; the same author in another room gets the
    // first message back (the caller refuses the mismatch), never a second row.
    const bobs = stored(await store.appendMessage({ ...first, authorId: bob }));
    expect(bobs.id).toBeGreaterThan(message.id);
    const other = await made(store, ann, 'other');
    expect(await store.appendMessage({ ...first, roomId: other })).toEqual({
      created: false,
      message,
    });
    expect((await store.history(other, { limit: 10 })).messages).toEqual([]);
    // Sending moves the room's newest message and reads it for its author.
    expect(await store.getRoom(GENERAL)).toMatchObject({ lastMessageId: bobs.id });
    expect(await store.readState(GENERAL, bob)).toMatchObject({ lastReadId: bobs.id, unread: 0 });
    expect(await store.getMessage(999_999)).toBeUndefined();
    expect(await store.liveMessage(999_999)).toBeUndefined();
  });

  it('refuses a send by a non-member, to no room, or quoting what is not a live message of the room', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob']);
    const [ann = 0, bob = 0] = ids;
    const den = await made(store, ann, 'den', 'private');
    expect(await store.appendMessage(draft(den, bob, 'let me in'))).toEqual({
      refused: 'not_member',
    });
    expect(await store.appendMessage(draft(999_999, bob, 'x'))).toEqual({ refused: 'not_member' });
    const inDen = await send(store, den, ann, 'private');
    const gone = await send(store, GENERAL, ann, 'soon gone');
    const retried = draft(GENERAL, bob, 'answer', { replyTo: gone.id });
    const answer = stored(await store.appendMessage(retried));
    expect(answer.replyTo).toEqual({
      id: gone.id,
      author: { id: ann, username: 'ann', displayName: 'ann' },
      excerpt: 'soon gone',
    });
    await store.deleteMessage(gone.id, 5, ann);
    const refused = { refused: 'no_such_message' };
    for (const more of [
      { replyTo: gone.id },
      { replyTo: inDen.id },
      { threadId: inDen.id },
      { threadId: gone.id },
    ])
      expect(await store.appendMessage(draft(GENERAL, bob, 'x', more))).toEqual(refused);
    // A retry of a send stored before its quote went answers with what it stored.
    expect(await store.appendMessage(retried)).toEqual({
      created: false,
      message: { ...answer, replyTo: { ...answer.replyTo, excerpt: '', deleted: true } },
    });
    // Leaving ends sending, a retry of an earlier send included.
    await store.removeMember(GENERAL, bob);
    expect(await store.appendMessage(retried)).toEqual({ refused: 'not_member' });
  });

  it('pages history both ways, every message exactly once, and threads apart', async () => {
    const { store, ids } = await oneNode(kind, ['ann']);
    const [ann = 0] = ids;
    const sent: Message[] = [];
    for (let i = 0; i < 7; i++) sent.push(await send(store, GENERAL, ann, `m${i}`));
    const newest = await store.history(GENERAL, { limit: 3 });
    expect(newest.messages.map((m) => m.text)).toEqual(['m4', 'm5', 'm6']);
    expect(newest).toMatchObject({ hasMore: true, changeSeq: 0 });
    const older = await store.history(GENERAL, { before: sent[4]?.id, limit: 3 });
    expect(older.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
    const oldest = await store.history(GENERAL, { before: sent[1]?.id, limit: 3 });
    expect(oldest).toMatchObject({ hasMore: false, messages: [sent[0]] });
    const after = await store.history(GENERAL, { after: sent[4]?.id, limit: 2 });
    expect(after).toMatchObject({ hasMore: false, messages: [sent[5], sent[6]] });
    expect(await everything(store, GENERAL)).toEqual(sent);

    const root = sent[2]?.id ?? 0;
    const reply = await send(store, GENERAL, ann, 'in thread', { threadId: root });
    // A reply to a reply goes to the root; one also sent to the room is in both.
    const both = await send(store, GENERAL, ann, 'both', { threadId: reply.id, alsoToRoom: true });
    expect(both).toMatchObject({ threadId: root, alsoToRoom: true });
    expect(reply).toMatchObject({ threadId: root });
    expect((await everything(store, GENERAL)).map((m) => m.text)).toEqual([
      ...sent.map((m) => m.text),
      'both',
    ]);
    expect(await everything(store, GENERAL, root)).toEqual([reply, both]);
    const thread = await store.history(GENERAL, { threadId: root, limit: 1 });
    expect(thread).toMatchObject({ hasMore: true, messages: [both] });
    // The root counts its replies, and each count is a change of the room's feed.
    const counted = await store.getMessage(root);
    expect(counted).toMatchObject({
      thread: { replyCount: 2, lastReplyAt: both.createdAt },
      seq: 2,
    });
    expect((await store.getRoom(GENERAL))?.changeSeq).toBe(2);
    expect((await store.history(GENERAL, { limit: 1 })).changeSeq).toBe(2);
    // A thread of another room finds nothing.
    const other = await made(store, ann, 'other');
    expect((await store.history(other, { threadId: root, limit: 10 })).messages).toEqual([]);
  });

  messageChangesContract(kind);
  messageFeedContract(kind);
  messageReadContract(kind);
  messageRaces(kind);
  messageChangeRaces(kind);
}
