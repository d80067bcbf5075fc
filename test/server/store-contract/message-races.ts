import { expect, it } from 'vitest';
import type { Message } from '../../../server/protocol.js';
import type { StoreKind } from './harness.js';
import { draft, everything, GENERAL, send, stored, twoNodes } from './message-people.js';
import { made } from './room-people.js';

const ROUNDS = 12;

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * MessageStore's sends and edits when several nodes share one database: each invariant held
 * while two nodes act at the same moment (message-change-races.ts holds the rest). On SQLite,
 * one process, they run one after the other: they prove the rule, not SQLite's concurrency.
 */
export function messageRaces(kind: StoreKind): void {
  it('stores one message when two nodes send the same client id at once, and both answer it', async () => {
    const { nodes, ids } = await twoNodes(kind, ['ann']);
    const [ann = 0] = ids;
    const other = await made(nodes[0], ann, 'other');
    for (let round = 0; round < ROUNDS; round++) {
      const same = draft(GENERAL, ann, `r${round}`);
      // The same room from both nodes, then two rooms (not ordered by any room's lock).
      const rooms = round % 2 ? [GENERAL, GENERAL] : [GENERAL, other];
      const both = await Promise.all(
        nodes.map((node, i) => node.appendMessage({ ...same, roomId: rooms[i] ?? GENERAL })),
      );
      const [a, b] = both.map(stored);
      expect(a).toEqual(b);
      expect(both.filter((o) => 'created' in o && o.created)).toHaveLength(1);
    }
    const texts = [
      ...(await everything(nodes[1], GENERAL)),
      ...(await everything(nodes[1], other)),
    ];
    expect(texts.map((m) => m.text).sort()).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => `r${i}`).sort(),
    );
  });

  it('shows a room’s messages in id order: a reader paging by `after` during a storm misses none', async () => {
    const { db, nodes, ids } = await twoNodes(kind, ['ann', 'bob', 'cat', 'dan']);
    const reader = await db.open();
    let storming = true;
    const seen: number[] = [];
    const read = (async () => {
      // Pages until the storm is over and a last page finds nothing more.
      for (let after = 0; ;) {
        const over = !storming;
        const page = await reader.history(GENERAL, { after, limit: 7 });
        const last = page.messages[page.messages.length - 1];
        seen.push(...page.messages.map((m) => m.id));
        if (last) after = last.id;
        else if (over) return;
        await turns(1);
      }
    })();
    const storm = Array.from({ length: 160 }, (_, i) =>
      send(nodes[i % 2] ?? nodes[0], GENERAL, ids[i % ids.length] ?? 0, `s${i}`),
    );
    const sent = await Promise.all(storm).finally(() => (storming = false));
    await read;
    const all = (await everything(nodes[0], GENERAL)).map((m) => m.id);
    expect(all).toHaveLength(160);
    expect(new Set(all)).toEqual(new Set(sent.map((m) => m.id)));
    // What the reader saw is the whole timeline, in order: no id committed below its cursor.
    expect(seen).toEqual(all);
    expect((await nodes[1].getRoom(GENERAL))?.lastMessageId).toBe(all[all.length - 1]);
  });

  it('never edits a tombstone when two nodes edit and delete one message at once', async () => {
    const { nodes, ids } = await twoNodes(kind, ['own', 'ann', 'bob']);
    const [own = 0, ann = 0] = ids;
    for (let round = 0; round < ROUNDS * 2; round++) {
      const message = await send(nodes[0], GENERAL, ann, 'first');
      const [edited, deleted] = await Promise.all([
        turns(round % 4).then(() =>
          nodes[0].editMessage({
            messageId: message.id,
            text: 'edited @bob',
            mentions: { names: ['bob'], room: true },
            now: 5,
          }),
        ),
        nodes[1].deleteMessage(message.id, 6, own),
      ]);
      if (!deleted || deleted === 'forbidden') throw new Error(`delete answered ${deleted}`);
      const now = await nodes[1].getMessage(message.id);
      expect(now).toEqual(deleted);
      expect(now).toMatchObject({ text: '', deletedAt: 6 });
      expect(now && ('mentions' in now || 'mentionsRoom' in now)).toBe(false);
      // Edited first, then deleted (a later change number), or found deleted.
      if (edited === undefined) expect(now?.editedAt).toBeUndefined();
      else expect((edited as Message).seq).toBeLessThan(deleted.seq);
    }
  });
}
