import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { oneNode, twoNodes } from './message-people.js';
import { made } from './room-people.js';

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** `joinPublicRoom` (room-admin-store.ts): every ChatStore alike. */
export function publicJoinContract(kind: StoreKind): void {
  it('joins a public room only: not a private one, not after a removal, not while archived', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob']);
    const [own = 0, ann = 0, bob = 0] = ids;
    const lounge = await made(store, ann, 'lounge');
    const den = await made(store, ann, 'den', 'private');
    expect(await store.joinPublicRoom(lounge, bob, 5)).toBe('joined');
    expect(await store.isMember(lounge, bob)).toBe(true);
    expect(await store.getRoom(lounge)).toMatchObject({ memberCount: 2 });
    expect(await store.joinPublicRoom(lounge, bob, 6)).toBe('member');
    // A private room answers as one that does not exist, unless they are in it.
    expect(await store.joinPublicRoom(den, bob, 7)).toBe('no_such_room');
    expect(await store.joinPublicRoom(den, ann, 7)).toBe('member');
    expect(await store.joinPublicRoom(9999, bob, 7)).toBe('no_such_room');
    await store.removeFromRoom({ roomId: lounge, userId: bob, removedBy: own, now: 8 });
    expect(await store.joinPublicRoom(lounge, bob, 9)).toBe('removed');
    expect(await store.isMember(lounge, bob)).toBe(false);
    await store.setRoomArchived(lounge, true, 10);
    expect(await store.joinPublicRoom(lounge, own, 11)).toBe('archived');
    await store.setRoomArchived(lounge, false, 12);
    expect(await store.joinPublicRoom(lounge, own, 13)).toBe('joined');
  });

  it('orders the deletion of a room and a join when two nodes make them at once', async () => {
    const { ids, nodes } = await twoNodes(kind, ['own', 'ann', 'bob']);
    const [, ann = 0, bob = 0] = ids;
    const [first, second] = nodes;
    if (!first || !second) throw new Error('two nodes');
    // Every connection opened first (connecting would space the calls out).
    await Promise.all(Array.from({ length: 8 }, (_, i) => nodes[i % 2]?.wasRemoved(0, 0)));
    const rooms: number[] = [];
    for (let i = 0; i < 16; i++) rooms.push(await made(first, ann, `lounge${i}`));
    const raced = await Promise.all(
      rooms.map((room, i) =>
        Promise.all([
          first.deleteRoom(room),
          turns(i).then(() => second.joinPublicRoom(room, bob, 1)),
        ]),
      ),
    );
    // Never an error: the join came first (and bob is among those told), or found no room.
    for (const [i, [deleted, joined]] of raced.entries()) {
      expect(await second.getRoom(rooms[i] ?? 0)).toBeUndefined();
      if (joined === 'joined') expect(deleted?.members.sort((a, b) => a - b)).toEqual([ann, bob]);
      else {
        expect(joined).toBe('no_such_room');
        expect(deleted?.members).toEqual([ann]);
      }
    }
    expect(await first.memberRoomIds(bob)).toEqual([1]);
  });
}
