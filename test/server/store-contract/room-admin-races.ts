import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { twoNodes } from './message-people.js';
import { made } from './room-people.js';

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Two nodes, their pools' connections all opened first (connecting would space the calls out). */
async function warmNodes(kind: StoreKind, names: string[]) {
  const made = await twoNodes(kind, names);
  await Promise.all(Array.from({ length: 8 }, (_, i) => made.nodes[i % 2]?.wasRemoved(0, 0)));
  return { ...made, node: (i: number) => made.nodes[i % 2] ?? made.nodes[0] };
}

const limits = { perHour: 1000, pendingPerInvitee: 1000 };

/** What must hold when two nodes sharing one database administer rooms at once. */
export function roomAdminRaces(kind: StoreKind): void {
  it('keeps a removal and an accepted invitation in one order when two nodes make them at once', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann', 'bob']);
    const [own = 0, ann = 0, bob = 0] = ids;
    for (let i = 0; i < 16; i++) {
      // bob was invited, then joined the public room himself: the invitation still waits.
      const room = await made(node(0), ann, `lounge${i}`);
      await node(0).invite({ roomId: room, inviterId: ann, inviteeId: bob, now: 0, limits });
      await node(0).addMember(room, bob);
      const [removed, accepted] = await Promise.all([
        node(0).removeFromRoom({ roomId: room, userId: bob, removedBy: own, now: 1 }),
        turns(i % 8).then(() => node(1).acceptInvitation(room, bob)),
      ]);
      expect(removed).toEqual({ status: 'left' });
      expect(accepted).toMatchObject({ id: room });
      // Removed last: out, and noted. Accepted last: back in, and the note forgotten. Never
      // out without the note (free to join again), nor in with it.
      const member = await node(1).isMember(room, bob);
      expect(await node(1).wasRemoved(room, bob)).toBe(!member);
      expect(await node(1).getRoom(room)).toMatchObject({ memberCount: member ? 2 : 1 });
    }
  });

  it('keeps a removal and the removed member’s rejoin in one order across two nodes', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann', 'bob']);
    const [own = 0, ann = 0, bob = 0] = ids;
    for (let i = 0; i < 16; i++) {
      const room = await made(node(0), ann, `lounge${i}`);
      await node(0).addMember(room, bob);
      const settled = await Promise.allSettled([
        node(0).removeFromRoom({ roomId: room, userId: bob, removedBy: own, now: 1 }),
        turns(i % 8).then(() => node(1).addMember(room, bob)),
      ]);
      const [removed, joined] = settled;
      if (removed.status === 'rejected') throw removed.reason;
      if (joined.status === 'rejected') throw joined.reason;
      expect(removed.value).toEqual({ status: 'left' });
      // The note stays either way; bob is in only if his join came after the removal.
      expect(await node(1).wasRemoved(room, bob)).toBe(true);
      expect(await node(1).isMember(room, bob)).toBe(joined.value);
      expect(await node(1).getRoom(room)).toMatchObject({ memberCount: joined.value ? 2 : 1 });
    }
  });

  it('orders the deletion of a room and a join when two nodes make them at once', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann', 'bob']);
    const [, ann = 0, bob = 0] = ids;
    const rooms: number[] = [];
    for (let i = 0; i < 16; i++) rooms.push(await made(node(0), ann, `lounge${i}`));
    const raced = await Promise.all(
      rooms.map((room, i) =>
        Promise.allSettled([
          node(0).deleteRoom(room),
          turns(i).then(() => node(1).addMember(room, bob)),
        ]),
      ),
    );
    for (const [i, [deleted, joined]] of raced.entries()) {
      // The deletion never fails; the join either came first (and bob is told) or found no room.
      if (deleted.status === 'rejected') throw deleted.reason;
      expect(await node(1).getRoom(rooms[i] ?? 0)).toBeUndefined();
      if (joined.status === 'fulfilled') {
        expect(joined.value).toBe(true);
        expect(deleted.value?.members.sort((a, b) => a - b)).toEqual([ann, bob]);
      } else {
        expect(String(joined.reason)).toMatch(/foreign key/i);
        expect(deleted.value?.members).toEqual([ann]);
      }
    }
    expect(await node(0).memberRoomIds(bob)).toEqual([1]);
  });

  it('gives one look-alike name to one room when two nodes rename rooms at once', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann', 'bob', 'cat', 'dan']);
    const [, ann = 0] = ids;
    for (let round = 0; round < 4; round++) {
      const spellings = [`Den${round}`, `den${round}`, `DEN${round}`, `Dem${round}`];
      // One actor's private rooms: no unique index covers their names, only the actor's lock.
      const privates: number[] = [];
      for (let i = 0; i < 8; i++)
        privates.push(await made(node(0), ann, `p${round}-${i}`, 'private'));
      const renamed = await Promise.all(
        privates.map((roomId, i) =>
          node(i).updateRoom({ roomId, actorId: ann, name: spellings[i % 4] ?? '' }),
        ),
      );
      // `Dem` is not `Den`'s look-alike: it and one of the others pass.
      expect(renamed.filter((outcome) => outcome.ok)).toHaveLength(2);
      // Public rooms of different creators: the unique indexes decide.
      const publics = await Promise.all(ids.map((id, i) => made(node(i), id, `pub${round}-${i}`)));
      const named = await Promise.all(
        publics.map((roomId, i) =>
          node(i).updateRoom({
            roomId,
            actorId: ids[i] ?? 0,
            name: [`Hall${round}`, `hall${round}`, `HALL${round}`, `HaII${round}`][i % 4] ?? '',
          }),
        ),
      );
      expect(named.filter((outcome) => outcome.ok)).toHaveLength(1);
    }
  });
}
