import { expect, it } from 'vitest';
import { MAX_REACTIONS } from '../../../server/protocol.js';
import type { StoreKind } from './harness.js';
import { draft, send, seedFile, twoNodes, GENERAL } from './message-people.js';
import { made } from './room-people.js';

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Two nodes reacting, deleting, leaving and sending files at the same moment (message-races.ts
 * holds sends, pages and edits): each invariant held while both act at once.
 */
export function messageChangeRaces(kind: StoreKind): void {
  it('holds the emoji cap and one change number per change when two nodes react at once', async () => {
    const { nodes, ids } = await twoNodes(kind, ['ann', 'bob', 'cat', 'dan']);
    for (let round = 0; round < 3; round++) {
      const message = await send(nodes[0], GENERAL, ids[0] ?? 0, `react to me ${round}`);
      const tries = Array.from({ length: MAX_REACTIONS + 10 }, (_, i) =>
        (nodes[i % 2] ?? nodes[0]).react({
          messageId: message.id,
          userId: ids[i % 4] ?? 0,
          emoji: `e${i}`,
          on: true,
          now: 5,
        }),
      );
      const outcomes = await Promise.all(tries);
      const changed = outcomes.flatMap((o) => ('changed' in o && o.changed ? [o.message.seq] : []));
      expect(changed).toHaveLength(MAX_REACTIONS);
      expect(outcomes.filter((o) => 'refused' in o && o.refused === 'reactions_full')).toHaveLength(
        10,
      );
      expect(new Set(changed).size).toBe(MAX_REACTIONS);
      const now = await nodes[1].getMessage(message.id);
      expect(now?.reactions).toHaveLength(MAX_REACTIONS);
      expect(now?.seq).toBe(Math.max(...changed));
      // One person toggling from both nodes: one change each way, and the state agrees.
      const toggle = (on: boolean) =>
        Promise.all(
          nodes.map((node) =>
            node.react({ messageId: message.id, userId: ids[1] ?? 0, emoji: 'e0', on, now: 6 }),
          ),
        );
      for (const on of [false, true, false]) {
        const both = await toggle(on);
        expect(both.filter((o) => 'changed' in o && o.changed).length).toBeLessThanOrEqual(1);
        const users =
          (await nodes[0].getMessage(message.id))?.reactions?.find((r) => r.emoji === 'e0')
            ?.userIds ?? [];
        expect(users.includes(ids[1] ?? 0)).toBe(on);
      }
      // Reactions landing as another node deletes: the tombstone carries none.
      const late = ids.map((userId, i) =>
        (nodes[i % 2] ?? nodes[0]).react({
          messageId: message.id,
          userId,
          emoji: 'late',
          on: true,
          now: 7,
        }),
      );
      const [gone] = await Promise.all([
        nodes[1].deleteMessage(message.id, 8, ids[0] ?? 0),
        ...late,
      ]);
      expect(await nodes[0].getMessage(message.id)).toEqual(gone);
      expect(gone && typeof gone === 'object' && 'reactions' in gone).toBe(false);
    }
  });

  it('refuses, never fails, a send that races the last leave of a private room on another node', async () => {
    const { nodes, ids } = await twoNodes(kind, ['ann', 'bob']);
    const [, bob = 0] = ids;
    const rooms: number[] = [];
    for (let i = 0; i < 24; i++) rooms.push(await made(nodes[0], bob, `den${i}`, 'private'));
    const raced = await Promise.all(
      rooms.map((room, i) =>
        Promise.allSettled([
          nodes[0].removeMember(room, bob),
          turns(i % 8).then(() => nodes[1].appendMessage(draft(room, bob, 'bye'))),
        ]),
      ),
    );
    for (const [left, sent] of raced) {
      expect(left).toEqual({ status: 'fulfilled', value: { status: 'deleted', invitees: [] } });
      // Stored before the leave (and dropped with the room), or refused after it.
      if (sent.status === 'rejected') throw sent.reason;
      if ('refused' in sent.value) expect(sent.value.refused).toBe('not_member');
    }
  });

  it('attaches a file to one message when two nodes send it in two rooms at once', async () => {
    const { db, nodes, ids } = await twoNodes(kind, ['ann']);
    const [ann = 0] = ids;
    const other = await made(nodes[0], ann, 'other');
    for (let round = 0; round < 12; round++) {
      await seedFile(db.seed, `f${round}`, ann);
      const both = await Promise.all(
        [GENERAL, other].map((room, i) =>
          (nodes[i] ?? nodes[0]).appendMessage(
            draft(room, ann, `f${round}`, { fileIds: [`f${round}`] }),
          ),
        ),
      );
      const kept = both.flatMap((o) => ('message' in o ? [o.message] : []));
      expect(kept).toHaveLength(1);
      expect(both.filter((o) => 'refused' in o)).toEqual([{ refused: 'file_attached' }]);
      expect(kept[0]?.attachments?.map((a) => a.id)).toEqual([`f${round}`]);
    }
  });
}
