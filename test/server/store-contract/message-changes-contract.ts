import { expect, it } from 'vitest';
import { MAX_REACTIONS } from '../../../server/protocol.js';
import type { StoreKind } from './harness.js';
import { GENERAL, oneNode, send } from './message-people.js';
import { made } from './room-people.js';

const none = { names: [], room: false };

/** Edits, deletions, reactions and the change feed they feed (part of the message contract). */
export function messageChangesContract(kind: StoreKind): void {
  it('edits with a change number, and leaves a tombstone that keeps its place', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob']);
    const [own = 0, ann = 0, bob = 0] = ids;
    const first = await send(store, GENERAL, ann, 'hi @bob', {
      mentions: { names: ['bob'], room: false },
    });
    const second = await send(store, GENERAL, bob, 'next');
    const edited = await store.editMessage({
      messageId: first.id,
      text: 'hi @room',
      mentions: { names: [], room: true },
      now: 50,
    });
    expect(edited).toEqual({
      ...first,
      text: 'hi @room',
      editedAt: 50,
      seq: 1,
      mentions: undefined,
      mentionsRoom: true,
    });
    expect(typeof edited === 'object' && 'mentions' in edited).toBe(false);
    await store.react({ messageId: first.id, userId: bob, emoji: '👍', on: true, now: 51 });
    const quote = await send(store, GENERAL, bob, 'quoting', { replyTo: first.id });
    // Someone else's message: only an admin or the owner may take it down.
    expect(await store.deleteMessage(first.id, 60, bob)).toBe('forbidden');
    const tomb = await store.deleteMessage(first.id, 60, own);
    expect(tomb).toEqual({
      id: first.id,
      roomId: GENERAL,
      author: first.author,
      text: '',
      clientId: first.clientId,
      createdAt: first.createdAt,
      seq: 3,
      editedAt: 50,
      deletedAt: 60,
    });
    expect(await store.getMessage(first.id)).toEqual(tomb);
    expect(await store.liveMessage(first.id)).toBeUndefined();
    expect((await store.history(GENERAL, { limit: 10 })).messages.map((m) => m.id)).toEqual([
      first.id,
      second.id,
      quote.id,
    ]);
    expect((await store.getMessage(quote.id))?.replyTo).toEqual({
      id: first.id,
      author: first.author,
      excerpt: '',
      deleted: true,
    });
    // A tombstone changes no more; an author who left edits no more.
    expect(
      await store.editMessage({ messageId: first.id, text: 'x', mentions: none, now: 70 }),
    ).toBeUndefined();
    expect(await store.deleteMessage(first.id, 70, own)).toBeUndefined();
    expect(
      await store.react({ messageId: first.id, userId: bob, emoji: '👍', on: true, now: 70 }),
    ).toEqual({ refused: 'no_such_message' });
    await store.removeMember(GENERAL, bob);
    expect(
      await store.editMessage({ messageId: second.id, text: 'x', mentions: none, now: 70 }),
    ).toBe('not_member');
    expect(await store.deleteMessage(second.id, 71, bob)).toMatchObject({ deletedAt: 71, seq: 4 });
    expect(
      await store.editMessage({ messageId: 999_999, text: 'x', mentions: none, now: 70 }),
    ).toBeUndefined();
    // A banned admin takes down nobody's message.
    await store.setUserRole({ actorId: own, targetId: ann, role: 'admin', now: 80 });
    const owns = await send(store, GENERAL, own, 'mine');
    await store.setBanned(ann, true);
    expect(await store.deleteMessage(owns.id, 81, ann)).toBe('forbidden');
  });

  it('adds and removes reactions once each, in the order people reacted, up to the cap', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob', 'cat', 'dan']);
    const [ann = 0, bob = 0, cat = 0, dan = 0] = ids;
    const message = await send(store, GENERAL, ann, 'ship it?');
    const react = (userId: number, emoji: string, on = true) =>
      store.react({ messageId: message.id, userId, emoji, on, now: 5 });
    // All in one millisecond: the order is still who came first.
    const first = await react(cat, '👍');
    expect(first).toMatchObject({
      changed: true,
      message: { seq: 1, reactions: [{ emoji: '👍', count: 1, userIds: [cat] }] },
    });
    expect(await react(cat, '👍')).toEqual({ ...first, changed: false });
    await react(bob, '👍');
    const heart = await react(ann, '❤️');
    expect(heart).toMatchObject({
      changed: true,
      message: {
        seq: 3,
        reactions: [
          { emoji: '👍', count: 2, userIds: [cat, bob] },
          { emoji: '❤️', count: 1, userIds: [ann] },
        ],
      },
    });
    const off = await react(cat, '👍', false);
    expect(off).toMatchObject({ changed: true, message: { seq: 4 } });
    expect(await react(cat, '👍', false)).toEqual({ ...off, changed: false });
    // A fresh read agrees with the answer.
    if ('message' in off) expect(await store.getMessage(message.id)).toEqual(off.message);
    for (let i = 0; i < MAX_REACTIONS - 2; i++) await react(dan, `e${i}`);
    expect(await react(dan, 'one too many')).toEqual({ refused: 'reactions_full' });
    // One already there may still take more people.
    expect(await react(dan, '❤️')).toMatchObject({ changed: true });
    const den = await made(store, ann, 'den', 'private');
    const secret = await send(store, den, ann, 'secret');
    expect(
      await store.react({ messageId: secret.id, userId: bob, emoji: '👍', on: true, now: 6 }),
    ).toEqual({ refused: 'not_member' });
    expect(
      await store.react({ messageId: 999_999, userId: bob, emoji: '👍', on: true, now: 6 }),
    ).toEqual({ refused: 'no_such_message' });
  });
}
