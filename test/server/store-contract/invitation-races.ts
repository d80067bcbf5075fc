import { expect, it } from 'vitest';
import type { ContractStore, StoreKind } from './harness.js';
import { made, people } from './room-people.js';

/** Two nodes on one database, and `n` people registered on it (p0 is the owner). */
async function twoNodes(kind: StoreKind, n: number) {
  const db = await kind.fresh();
  const nodes: [ContractStore, ContractStore] = [await db.open(), await db.open()];
  const ids = await people(
    nodes[0],
    Array.from({ length: n }, (_, i) => `p${i}`),
  );
  // Every connection of both pools opened first: connecting takes longer than a transaction
  // here, and would otherwise space the racing calls out one after another.
  await Promise.all(Array.from({ length: 8 }, (_, i) => nodes[i % 2]?.invitations(0)));
  return { nodes, ids, node: (i: number) => nodes[i % 2] ?? nodes[0] };
}

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

const count = <T>(values: T[], wanted: T) => values.filter((v) => v === wanted).length;

/** What must hold when two nodes sharing one database invite, accept and block at once. */
export function invitationRaces(kind: StoreKind): void {
  it('never lets one inviter pass the hourly limit from two nodes at once', async () => {
    const { ids, node } = await twoNodes(kind, 9);
    const [ann = 0, ...others] = ids;
    const den = await made(node(0), ann, 'den', 'private');
    const limits = { perHour: 3, pendingPerInvitee: 10 };
    const tries = others.map((inviteeId, i) =>
      node(i).invite({ roomId: den, inviterId: ann, inviteeId, now: 5, limits }),
    );
    const statuses = (await Promise.all(tries)).map((outcome) => outcome.status);
    expect(count(statuses, 'invited')).toBe(3);
    expect(count(statuses, 'rate_limited')).toBe(others.length - 3);
  });

  it('never lets invitations waiting for one person pass the cap from two nodes at once', async () => {
    const { ids, node } = await twoNodes(kind, 9);
    const [ann = 0, ...inviters] = ids;
    const rooms = await Promise.all(inviters.map((id, i) => made(node(0), id, `r${i}`)));
    const limits = { perHour: 10, pendingPerInvitee: 2 };
    const tries = inviters.map((inviterId, i) =>
      node(i).invite({ roomId: rooms[i] ?? 0, inviterId, inviteeId: ann, now: 5, limits }),
    );
    const statuses = (await Promise.all(tries)).map((outcome) => outcome.status);
    expect(count(statuses, 'invited')).toBe(2);
    expect(count(statuses, 'invitee_full')).toBe(inviters.length - 2);
    expect(await node(1).invitations(ann)).toHaveLength(2);
  });

  it('spends an invitation once when two nodes accept it at once', async () => {
    const { ids, node } = await twoNodes(kind, 2);
    const [ann = 0, bob = 0] = ids;
    const limits = { perHour: 100, pendingPerInvitee: 100 };
    for (let i = 0; i < 12; i++) {
      const den = await made(node(0), ann, `den${i}`, 'private');
      await node(0).invite({ roomId: den, inviterId: ann, inviteeId: bob, now: 5, limits });
      const accepted = await Promise.all([
        node(0).acceptInvitation(den, bob),
        turns(i % 4).then(() => node(1).acceptInvitation(den, bob)),
      ]);
      expect(accepted.filter((room) => room === undefined)).toHaveLength(1);
      expect(accepted.find((room) => room !== undefined)).toMatchObject({ id: den });
      expect(await node(1).getRoom(den)).toMatchObject({ memberCount: 2 });
    }
  });

  it('orders an accept and the drop of its room when two nodes make them at once', async () => {
    const { ids, node } = await twoNodes(kind, 2);
    const [ann = 0, bob = 0] = ids;
    const limits = { perHour: 100, pendingPerInvitee: 100 };
    const rooms: number[] = [];
    for (let i = 0; i < 16; i++) {
      rooms.push(await made(node(0), ann, `den${i}`, 'private'));
      await node(0).invite({
        roomId: rooms[i] ?? 0,
        inviterId: ann,
        inviteeId: bob,
        now: 5,
        limits,
      });
    }
    // The accept starts a different number of event-loop turns after the drop per room, so
    // that it lands at every point of the drop's transaction.
    const raced = await Promise.all(
      rooms.map((room, i) =>
        Promise.allSettled([
          node(0).removeMember(room, ann),
          turns(i).then(() => node(1).acceptInvitation(room, bob)),
        ]),
      ),
    );
    for (const [i, [left, accepted]] of raced.entries()) {
      // Neither may fail: a deadlock, or a member added to a room that is gone, would.
      if (left.status === 'rejected') throw left.reason;
      if (accepted.status === 'rejected') throw accepted.reason;
      const after = await node(1).getRoom(rooms[i] ?? 0);
      if (left.value.status === 'deleted') {
        expect(left.value.invitees).toEqual([bob]);
        expect(accepted.value).toBeUndefined();
        expect(after).toBeUndefined();
      } else {
        expect(left.value).toEqual({ status: 'left' });
        expect(accepted.value).toMatchObject({ id: rooms[i], memberCount: 2 });
        expect(after).toMatchObject({ memberCount: 1 });
      }
    }
  });

  it('never lets one person pass the block cap from two nodes at once', async () => {
    const { ids, node } = await twoNodes(kind, 9);
    const [ann = 0, ...others] = ids;
    const tries = others.map((id, i) => node(i).block(ann, id, 5, 3));
    const done = await Promise.all(tries);
    expect(done.filter((withdrawn) => withdrawn !== false)).toHaveLength(3);
    expect(await node(1).blockedUsers(ann)).toHaveLength(3);
  });

  it('leaves no invitation from a blocked person when the invite and block race', async () => {
    const { ids, node } = await twoNodes(kind, 25);
    const [ann = 0, ...inviters] = ids;
    const rooms = await Promise.all(inviters.map((id, i) => made(node(0), id, `r${i}`)));
    const limits = { perHour: 10, pendingPerInvitee: 100 };
    // Four pairs at a time (each node's pool holds four connections), the block starting a
    // different number of event-loop turns after the invite in each, so that it lands at every
    // point of the invite's transaction.
    for (let first = 0; first < inviters.length; first += 4) {
      const raced = await Promise.all(
        inviters.slice(first, first + 4).map((inviterId, k) => {
          const i = first + k;
          const roomId = rooms[i] ?? 0;
          return Promise.all([
            node(i).invite({ roomId, inviterId, inviteeId: ann, now: 5, limits }),
            turns(i).then(() => node(i + 1).block(ann, inviterId, 5, 100)),
          ]).then(([invited, withdrawn]) => ({ roomId, invited, withdrawn }));
        }),
      );
      for (const { roomId, invited, withdrawn } of raced) {
        // Either the invitation came first and the block withdrew it, or the block came first.
        if (invited.status === 'invited') expect(withdrawn).toEqual([roomId]);
        else expect([invited.status, withdrawn]).toEqual(['dropped', []]);
      }
    }
    expect(await node(0).invitations(ann)).toEqual([]);
  });
}
