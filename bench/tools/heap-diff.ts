/**
 * Where an idle socket's heap goes: starts a bench server (parley by default, or reference),
 * snapshots its heap, connects `count` authenticated sockets, snapshots again, and prints the
 * growth per socket by V8 node type and constructor name, largest first:
 *   npx tsx bench/tools/heap-diff.ts [count=2000] [parley|reference] [top=30]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startPair, stopPair, type ServerKind } from '../lib/context.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count by "type name" over the whole heap. */
function sizes(file: string): Map<string, { bytes: number; count: number }> {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snapshot.meta.node_fields;
  const [types] = snapshot.meta.node_types;
  const [type, name, self] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const totals = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = types[nodes[i + type!]!] ?? '?';
    // Strings are grouped as one kind: their names are their contents.
    const label =
      kind === 'string' || kind === 'concatenated string'
        ? kind
        : `${kind} ${strings[nodes[i + name!]!]}`;
    const entry = totals.get(label) ?? { bytes: 0, count: 0 };
    entry.bytes += nodes[i + self!]!;
    entry.count++;
    totals.set(label, entry);
  }
  return totals;
}

const count = Number(process.argv[2] ?? 2000);
const kind = (process.argv[3] ?? 'parley') as ServerKind;
const top = Number(process.argv[4] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'heap-diff-'));
const pair = await startPair(kind);
const { auths } = await pair.server.call<{ auths: object[] }>('users', { count });
const before = await pair.server.call<string>('heapSnapshot', join(dir, 'before.heapsnapshot'));
const connected = await pair.load.call<{ failures: number }>('connect', {
  url: pair.url,
  auths,
  concurrency: 50,
});
if (connected.failures > 0) throw new Error(`${connected.failures} connections failed`);
await sleep(1500);
const after = await pair.server.call<string>('heapSnapshot', join(dir, 'after.heapsnapshot'));
await stopPair(pair);
const [a, b] = [sizes(before), sizes(after)];
const rows = [...b].map(([label, { bytes, count: n }]) => {
  const old = a.get(label) ?? { bytes: 0, count: 0 };
  return { label, bytes: (bytes - old.bytes) / count, count: (n - old.count) / count };
});
rows.sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
console.log(`${kind}: ${total.toFixed(0)} bytes per socket in all (snapshots in ${dir})`);
for (const row of rows.slice(0, top))
  console.log(
    `${row.bytes.toFixed(1).padStart(9)} B ${row.count.toFixed(2).padStart(7)}/socket  ${row.label}`,
  );
