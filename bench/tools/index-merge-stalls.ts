/**
 * What merging the full-text index costs a write, with FTS5's own merging or with steps after
 * the writes (server/storage/sqlite/index-merges.ts): appends `messages` rows to a fresh store's
 * database in transactions of `perCommit`, with the index's `automerge` and `crisismerge` set as
 * given, and, when `pacePages` > 0, a `merge` of that many pages after each commit, as the server
 * does. Prints each kind's time per call (p50, p99, p99.9, max, and how many took over 20, 50
 * and 100 ms), the segments left and one query's time:
 *   npx tsx bench/tools/index-merge-stalls.ts time 1000000 30 4 16 0     # FTS5's defaults
 *   npx tsx bench/tools/index-merge-stalls.ts time 1000000 30 0 64 100   # the server's
 * `time` texts are the fan-out bench's (`t<ms>`: a new term each); `words` draws from 25 words.
 * NOCKPT=1 turns SQLite's automatic checkpoints off, to tell their stalls from the index's.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
const [textKind = 'time', nArg = '200000', perArg = '30', am = '4', cm = '16', paceArg = '0'] =
  process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'fts-'));
const store = openSqliteStore(dir);
await store.close();
const db = new Database(join(dir, 'parley.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
if (process.env.NOCKPT) db.pragma('wal_autocheckpoint = 0');
db.prepare(
  `INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES ('u','u','x','member',0)`,
).run();
db.prepare(
  `INSERT INTO message_index(message_index, rank) VALUES('automerge', ${Number(am)})`,
).run();
db.prepare(
  `INSERT INTO message_index(message_index, rank) VALUES('crisismerge', ${Number(cm)})`,
).run();
const ins = db.prepare(
  `INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (1, 1, ?, ?, ?)`,
);
const merge = db.prepare(`INSERT INTO message_index(message_index, rank) VALUES('merge', ?)`);
const words =
  'the quick brown fox jumps over lazy dog meeting tomorrow release build deploy server client chat room lunch coffee bug fix review merge branch test'.split(
    ' ',
  );
const text = (i: number) =>
  textKind === 'time'
    ? `t${performance.now()}`
    : Array.from({ length: 8 }, (_, k) => words[(i * 7 + k * 13) % words.length]).join(' ') +
      ` #${i}`;
const n = Number(nArg),
  per = Number(perArg),
  pace = Number(paceArg);
const commit = db.transaction((from: number) => {
  for (let i = from; i < from + per; i++) ins.run(text(i), `c${i}`, i);
});
const stats = (name: string, times: number[]) => {
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.floor(times.length * p)] ?? 0).toFixed(2);
  const over = (ms: number) => times.filter((t) => t > ms).length;
  return `${name} n ${times.length} >20 ${over(20)} >50 ${over(50)} >100 ${over(100)} p50 ${q(0.5)} p99 ${q(0.99)} p999 ${q(0.999)} max ${(times.at(-1) ?? 0).toFixed(1)} sum ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`;
};
const commits: number[] = [];
const merges: number[] = [];
const t0 = performance.now();
for (let i = 0; i < n; i += per) {
  let s = performance.now();
  commit(i);
  commits.push(performance.now() - s);
  if (pace > 0) {
    s = performance.now();
    merge.run(BigInt(pace));
    merges.push(performance.now() - s);
  }
}
const total = ((performance.now() - t0) / 1000).toFixed(1);
const segs = db.prepare(`SELECT count(DISTINCT segid) AS n FROM message_index_idx`).get() as {
  n: number;
};
const s = performance.now();
const hits = db
  .prepare(`SELECT count(*) AS n FROM message_index WHERE message_index MATCH ?`)
  .get(textKind === 'time' ? 't1*' : 'quick') as { n: number };
const qms = (performance.now() - s).toFixed(1);
console.log(
  `text=${textKind} n=${n} per=${per} automerge=${am} crisis=${cm} pace=${pace}: total ${total} s; ${stats('commit', commits)}; ${pace ? stats('merge', merges) : ''}; segments ${segs.n}; query ${qms} ms (${hits.n})`,
);
db.close();
rmSync(dir, { recursive: true });
