import { expect, it } from 'vitest';
import type { Message } from '../../../server/protocol.js';
import type { StoreKind } from './harness.js';
import { GENERAL, oneNode, send } from './message-people.js';
import { made } from './room-people.js';

const none = { names: [], room: false };

/** The change feed (`changes`): part of the message contract. */
export function messageFeedContract(kind: StoreKind): void {
  it('feeds every change after a position, once, in feed order, page by page', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob']);
    const [ann = 0, bob = 0] = ids;
    const other = await made(store, ann, 'other');
    const sent: Message[] = [];
    for (let i = 0; i < 4; i++) sent.push(await send(store, GENERAL, ann, `m${i}`));
    const [m0, m1, m2] = sent.map((m) => m.id);
    const inOther = await send(store, other, ann, 'o');
    const edit = (messageId = 0) =>
      store.editMessage({ messageId, text: 'edited', mentions: none, now: 9 });
    await edit(m1);
    await store.react({ messageId: m0 ?? 0, userId: bob, emoji: '👍', on: true, now: 9 });
    await edit(m1); // m1 changes twice: it is in the feed once, at its latest
    await store.deleteMessage(m2 ?? 0, 9, ann);
    await edit(inOther.id);
    const all = await store.changes(
      [
        { roomId: GENERAL, since: 0 },
        { roomId: other, since: 0 },
        { roomId: 999_999, since: 0 },
      ],
      10,
    );
    expect(all.messages.map((m) => [m.id, m.seq])).toEqual([
      [m0, 2],
      [m1, 3],
      [m2, 4],
      [inOther.id, 1],
    ]);
    expect(all.rooms).toEqual([
      { roomId: GENERAL, changeSeq: 4, complete: true },
      { roomId: other, changeSeq: 1, complete: true },
    ]);
    const paged = await store.changes(
      [
        { roomId: GENERAL, since: 2 },
        { roomId: other, since: 0 },
      ],
      1,
    );
    expect(paged.messages.map((m) => m.id)).toEqual([m1]);
    expect(paged.rooms).toEqual([
      { roomId: GENERAL, changeSeq: 3, complete: false },
      { roomId: other, changeSeq: 0, complete: false },
    ]);
    const rest = await store.changes(
      [
        { roomId: GENERAL, since: 3 },
        { roomId: other, since: 1 },
      ],
      5,
    );
    expect(rest.messages.map((m) => m.id)).toEqual([m2]);
    expect(rest.rooms).toEqual([
      { roomId: GENERAL, changeSeq: 4, complete: true },
      { roomId: other, changeSeq: 1, complete: true },
    ]);
    expect(await store.changes([], 5)).toEqual({ messages: [], rooms: [] });
  });
}
