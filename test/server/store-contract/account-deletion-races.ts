import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { twoNodes } from './message-people.js';
import { made } from './room-people.js';

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Two nodes, `own`, `bob` and sixteen others (one to delete per round), pools warmed up. */
async function warmNodes(kind: StoreKind) {
  const names = ['own', 'bob', ...Array.from({ length: 16 }, (_, i) => `p${i}`)];
  const made = await twoNodes(kind, names);
  await Promise.all(Array.from({ length: 8 }, (_, i) => made.nodes[i % 2]?.isDeleted(0)));
  const [, bob = 0, ...others] = made.ids;
  return { bob, others, node: (i: number) => made.nodes[i % 2] ?? made.nodes[0] };
}

const deletion = (userId: number) => ({ userId, now: 5, holdUntil: 10, tombstone: true });
const limits = { perHour: 1000, pendingPerInvitee: 1000 };

/** What must hold when an account is deleted on one node while it acts on another. */
export function accountDeletionRaces(kind: StoreKind): void {
  it('leaves a deleted account in no room it accepted an invitation to meanwhile', async () => {
    const { bob, others, node } = await warmNodes(kind);
    for (const [i, user] of others.entries()) {
      const den = await made(node(0), bob, `den${i}`, 'private');
      await node(0).invite({ roomId: den, inviterId: bob, inviteeId: user, now: 0, limits });
      const [deleted, accepted] = await Promise.all([
        node(0).deleteAccount(deletion(user)),
        turns(i % 8).then(() => node(1).acceptInvitation(den, user)),
      ]);
      // Accepted first: the deletion takes the account out again. Deleted first: the
      // invitation went with the account, and there is nothing to accept.
      expect(deleted?.leftRooms.includes(den)).toBe(accepted !== undefined);
      expect(await node(1).isMember(den, user)).toBe(false);
      expect(await node(1).getRoom(den)).toMatchObject({ memberCount: 1 });
      expect(await node(1).invitations(user)).toEqual([]);
    }
  });

  it('drops a private room once when its account is deleted as its other member leaves', async () => {
    const { bob, others, node } = await warmNodes(kind);
    for (const [i, user] of others.entries()) {
      const den = await made(node(0), bob, `den${i}`, 'private');
      await node(0).addMember(den, user);
      const [deleted, left] = await Promise.all([
        node(0).deleteAccount(deletion(user)),
        turns(i % 8).then(() => node(1).removeMember(den, bob)),
      ]);
      // Whichever came last dropped the room; the other only left it.
      const droppedByDeletion = deleted?.deletedRooms.some((r) => r.roomId === den) ?? false;
      expect([droppedByDeletion, left.status === 'deleted']).toContainEqual(true);
      expect(droppedByDeletion && left.status === 'deleted').toBe(false);
      expect(deleted?.leftRooms.includes(den)).toBe(!droppedByDeletion);
      expect(await node(1).getRoom(den)).toBeUndefined();
    }
  });

  it('orders a deletion and the account creating a room at once, as SQLite would', async () => {
    const { others, node } = await warmNodes(kind);
    for (const [i, user] of others.entries()) {
      const [deleted, created] = await Promise.all([
        node(0).deleteAccount(deletion(user)),
        turns(i % 8).then(() =>
          node(1).createRoom({ name: `den${i}`, kind: 'private', createdBy: user, now: 0 }),
        ),
      ]);
      if (!created.ok) throw new Error(created.reason);
      const room = created.room.id;
      // Created first: the deletion dropped it (its one member went). Created after: the store
      // does not refuse a deleted account (the server has cut it off); it is the room's member.
      const dropped = deleted?.deletedRooms.some((r) => r.roomId === room) ?? false;
      expect(await node(1).isMember(room, user)).toBe(!dropped);
      expect((await node(1).getRoom(room)) === undefined).toBe(dropped);
    }
  });
}
