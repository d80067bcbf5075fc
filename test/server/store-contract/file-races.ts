import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { upload } from './file-contract.js';
import { draft, GENERAL, twoNodes } from './message-people.js';

/** Resolves after `n` turns of the event loop, letting answers from the database in between. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Two nodes, their pools' connections all opened first (connecting would space the calls out). */
async function warmNodes(kind: StoreKind, names: string[]) {
  const made = await twoNodes(kind, names);
  await Promise.all(Array.from({ length: 8 }, (_, i) => made.nodes[i % 2]?.fileBytesUsed(0)));
  return { ...made, node: (i: number) => made.nodes[i % 2] ?? made.nodes[0] };
}

/** What must hold when two nodes sharing one database add, send and prune files at once. */
export function fileRaces(kind: StoreKind): void {
  it('never lets one uploader pass the quota from two nodes at once', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann']);
    const ann = ids[1] ?? 0;
    for (let round = 0; round < 3; round++) {
      // Sixteen uploads of 10 bytes against 50 more bytes of quota: five fit, whatever the order.
      const quota = 50 * (round + 1);
      const tries = Array.from({ length: 16 }, (_, i) =>
        node(i).addFile(upload(`r${round}-${i}`, ann), quota),
      );
      const added = await Promise.all(tries);
      expect(added.filter(Boolean)).toHaveLength(5);
      expect(await node(1).fileBytesUsed(ann)).toBe(quota);
    }
  });

  it('either sends an old unsent file or prunes it when two nodes do both at once', async () => {
    const { ids, node } = await warmNodes(kind, ['own', 'ann']);
    const ann = ids[1] ?? 0;
    for (let i = 0; i < 16; i++) {
      await node(0).addFile(upload(`old${i}`, ann, { createdAt: 0 }), 10_000);
      // The prune starts a different number of event-loop turns after the send each time, so
      // that it lands at every point of the send's transaction.
      const [sent, pruned] = await Promise.all([
        node(0).appendMessage(draft(GENERAL, ann, 'now', { fileIds: [`old${i}`] })),
        turns(i % 8).then(() => node(1).pruneFiles({ before: 50, limit: 10 })),
      ]);
      const readable = await node(0).readableFiles(ann, [`old${i}`]);
      if ('refused' in sent) {
        // Pruned first: the send finds no such file.
        expect([sent.refused, pruned.files, readable]).toEqual(['file_unavailable', 1, []]);
      } else {
        // Sent first: the file is carried, and stays (a sent message never loses its file).
        expect(pruned.files).toBe(0);
        expect(sent.message.attachments?.map((a) => a.id)).toEqual([`old${i}`]);
        expect(readable.map((f) => f.id)).toEqual([`old${i}`]);
      }
    }
  });
}
