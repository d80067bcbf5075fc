import type { Message } from '../../../server/protocol.js';
import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { draft, GENERAL, oneNode, send, seedFile } from './message-people.js';
import { made, roomOf } from './room-people.js';

/** Read state, pages around a message, and files sent with messages (message contract). */
export function messageReadContract(kind: StoreKind): void {
  it('counts what is unread, moves forward only, and keeps notification levels', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob', 'cat']);
    const [ann = 0, bob = 0, cat = 0] = ids;
    await send(store, GENERAL, ann, 'one');
    const root = await send(store, GENERAL, ann, 'hey @bob', {
      mentions: { names: ['bob'], room: false },
    });
    const all = await send(store, GENERAL, ann, '@room', { mentions: { names: [], room: true } });
    expect(await store.readState(GENERAL, bob)).toEqual({
      lastReadId: 0,
      unread: 3,
      mentions: 2,
      notify: 'mentions',
    });
    // A thread-only reply is not unread unless it mentions; a deleted message never is.
    await send(store, GENERAL, ann, 'aside', { threadId: root.id });
    const named = await send(store, GENERAL, ann, 'aside @bob', {
      threadId: root.id,
      mentions: { names: ['bob'], room: false },
    });
    await store.deleteMessage(all.id, 9, ann);
    expect(await store.readState(GENERAL, bob)).toMatchObject({ unread: 2, mentions: 2 });
    expect(await store.markRead(GENERAL, bob, root.id)).toEqual({
      lastReadId: root.id,
      unread: 0,
      mentions: 1,
      notify: 'mentions',
    });
    expect(await store.markRead(GENERAL, bob, 1)).toMatchObject({ lastReadId: root.id });
    // Never past the room's newest message, thread replies included.
    expect(await store.markRead(GENERAL, bob, 999_999)).toMatchObject({
      lastReadId: named.id,
      mentions: 0,
    });
    // A new member starts at the newest message: old messages and @room are not news.
    const den = await made(store, ann, 'den');
    await send(store, den, ann, 'before you came @room', { mentions: { names: [], room: true } });
    const last = await send(store, den, ann, 'and this');
    await store.addMember(den, cat);
    expect(await store.readState(den, cat)).toEqual({
      lastReadId: last.id,
      unread: 0,
      mentions: 0,
      notify: 'mentions',
    });
    expect(await store.setNotify(den, cat, 'none')).toMatchObject({ notify: 'none' });
    expect(await store.readState(den, cat)).toMatchObject({ notify: 'none' });
    const direct = roomOf(await store.openDirect({ userIds: [ann, cat], openedBy: ann, now: 0 }));
    expect(await store.readState(direct.id, cat)).toMatchObject({ notify: 'all' });
    expect(await store.readState(den, bob)).toBeUndefined();
    expect(await store.markRead(den, bob, last.id)).toBeUndefined();
    expect(await store.setNotify(den, bob, 'all')).toBeUndefined();
  });

  it('stores who a message names: members only, never its author, as spelled in any case', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'Bob', 'cat', 'dan']);
    const [ann = 0, bob = 0, cat = 0, dan = 0] = ids;
    await store.removeMember(GENERAL, dan);
    const named = { names: ['bob', 'cat', 'dan', 'ann', 'nobody'], room: false };
    const message = await send(store, GENERAL, ann, 'hi all', { mentions: named });
    expect(message.mentions).toEqual([bob, cat].sort((a, b) => a - b));
    expect(await store.readState(GENERAL, bob)).toMatchObject({ unread: 1, mentions: 1 });
    expect(await store.readState(GENERAL, ann)).toMatchObject({ unread: 0, mentions: 0 });
    expect(await store.readState(GENERAL, dan)).toBeUndefined();
  });

  it('pages around a message: centred, filled from the other side, a thread reply at its root', async () => {
    const { store, ids } = await oneNode(kind, ['ann']);
    const [ann = 0] = ids;
    const sent: Message[] = [];
    for (let i = 0; i < 10; i++) sent.push(await send(store, GENERAL, ann, `m${i}`));
    const at = (i: number) => sent[i]?.id ?? 0;
    const middle = await store.messagesAround(GENERAL, at(5), 5);
    expect(middle?.messages.map((m) => m.text)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    expect(middle).toMatchObject({
      hasMore: true,
      hasMoreAfter: true,
      anchorId: at(5),
      changeSeq: 0,
    });
    const start = await store.messagesAround(GENERAL, at(0), 4);
    expect(start?.messages.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(start).toMatchObject({ hasMore: false, hasMoreAfter: true });
    const end = await store.messagesAround(GENERAL, at(9), 4);
    expect(end?.messages.map((m) => m.text)).toEqual(['m6', 'm7', 'm8', 'm9']);
    expect(end).toMatchObject({ hasMore: true, hasMoreAfter: false });
    const reply = await send(store, GENERAL, ann, 'aside', { threadId: at(2) });
    await store.deleteMessage(at(2), 5, ann);
    const root = await store.messagesAround(GENERAL, reply.id, 3);
    expect(root?.messages.map((m) => m.id)).toEqual([at(1), at(2), at(3)]);
    expect(root).toMatchObject({ anchorId: at(2), changeSeq: 2 });
    expect(root?.messages[1]).toMatchObject({ deletedAt: 5, thread: { replyCount: 1 } });
    const other = await made(store, ann, 'other');
    expect(await store.messagesAround(other, at(5), 5)).toBeUndefined();
    expect(await store.messagesAround(GENERAL, 999_999, 5)).toBeUndefined();
  });

  it('carries files in order, once each, and a tombstone shows none', async () => {
    const { db, store, ids } = await oneNode(kind, ['ann', 'bob']);
    const [ann = 0, bob = 0] = ids;
    for (const id of ['f1', 'f2', 'f3']) await seedFile(db.seed, id, ann, id !== 'f3');
    await seedFile(db.seed, 'fb', bob);
    const carry = draft(GENERAL, ann, '', { fileIds: ['f2', 'f1', 'f3'] });
    const made1 = await store.appendMessage(carry);
    expect(made1).toMatchObject({ created: true, message: { text: '' } });
    const message = 'message' in made1 ? made1.message : undefined;
    expect(message?.attachments).toEqual([
      {
        id: 'f2',
        name: 'f2.png',
        size: 10,
        type: 'image/png',
        image: { width: 4, height: 3, animated: false },
      },
      {
        id: 'f1',
        name: 'f1.png',
        size: 10,
        type: 'image/png',
        image: { width: 4, height: 3, animated: false },
      },
      { id: 'f3', name: 'f3.png', size: 10, type: 'image/png' },
    ]);
    expect(await store.getMessage(message?.id ?? 0)).toEqual(message);
    // A resend finds its files attached to what it stored: the same message.
    expect(await store.appendMessage(carry)).toEqual({ created: false, message });
    expect(await store.appendMessage(draft(GENERAL, ann, 'again', { fileIds: ['f1'] }))).toEqual({
      refused: 'file_attached',
    });
    for (const fileIds of [['fb'], ['nope'], ['fb', 'f1']])
      expect(await store.appendMessage(draft(GENERAL, ann, 'x', { fileIds }))).toEqual({
        refused: 'file_unavailable',
      });
    const tomb = await store.deleteMessage(message?.id ?? 0, 5, ann);
    expect(tomb && typeof tomb === 'object' && 'attachments' in tomb).toBe(false);
  });
}
