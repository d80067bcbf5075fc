/**
 * How long the store's writes stop the event loop: opens a real SQLite store in a temp dir,
 * appends messages at `rate` per second (a batch every 10 ms, as the group commit gathers them)
 * for `seconds`, and prints the event loop's delay (p50, p99, p99.9, max), how many 10 ms ticks
 * came more than 5 ms late, and each append's time to its acknowledgement (commit and flush).
 * A write that stops the loop for 20 ms shows here plainly, where a rate ladder only sees a
 * noisy p99. `no-index` drops the full-text index's insert trigger in this throwaway database,
 * to see what keeping the index costs:
 *   npx tsx bench/tools/commit-stalls.ts [rate=1000] [seconds=20] [index|no-index]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';

const rate = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 20);
const index = process.argv[4] ?? 'index';
const dir = mkdtempSync(join(tmpdir(), 'parley-stalls-'));
const store = openSqliteStore(dir);
if (index === 'no-index') {
  const other = new Database(join(dir, DATABASE_FILE));
  other.exec('DROP TRIGGER message_index_insert');
  other.close();
}
const rule = { policy: 'open' as const, now: Date.now(), setupVerified: true };
const users: number[] = [];
for (let i = 0; i < 10; i++) {
  const made = await store.registerUser(
    { username: `u${i}`, displayName: `u${i}`, passwordHash: 'x' },
    rule,
  );
  if (!made.ok) throw new Error('register failed');
  users.push(made.user.id);
}
const room = await store.createRoom({
  name: 'lobby',
  kind: 'public',
  createdBy: users[0] ?? 0,
  now: Date.now(),
});
if (!room.ok) throw new Error(room.reason);
for (const id of users.slice(1)) await store.addMember(room.room.id, id);

const delay = monitorEventLoopDelay({ resolution: 1 });
let late = 0;
let ticks = 0;
let sent = 0;
let failed = 0;
const acks: number[] = [];
if (!(rate > 0) || !(seconds > 0))
  throw new Error('usage: commit-stalls.ts [rate>0] [seconds>0] [index|no-index]');
const perTick = rate / 100;
let carry = 0;
const end = performance.now() + seconds * 1000;
delay.enable();
await new Promise<void>((resolve) => {
  let due = performance.now() + 10;
  const tick = () => {
    const now = performance.now();
    if (now - due > 5) late++;
    ticks++;
    if (now >= end) return resolve();
    // Fractions carry over to the next tick, so that any rate is sent as asked.
    for (carry += perTick; carry >= 1; carry--, sent++) {
      const text = `message ${sent} with some words to index for search, as people write them`;
      const started = performance.now();
      store
        .appendMessage({
          roomId: room.room.id,
          authorId: users[sent % users.length] ?? 0,
          text,
          clientId: `c${sent}`,
          createdAt: Date.now(),
          mentions: { names: [], room: false },
        })
        .then(() => acks.push(performance.now() - started))
        .catch(() => failed++);
    }
    due += 10;
    setTimeout(tick, Math.max(0, due - performance.now()));
  };
  setTimeout(tick, 10);
});
delay.disable();
await store.close();
rmSync(dir, { recursive: true, force: true });
const ms = (ns: number) => (ns / 1e6).toFixed(1);
acks.sort((a, b) => a - b);
const ack = (q: number) => (acks[Math.floor(q * (acks.length - 1))] ?? NaN).toFixed(1);
console.log(
  `${index} rate=${rate}/s seconds=${seconds} sent=${sent} failed=${failed};`,
  `loop delay p50=${ms(delay.percentile(50))} p99=${ms(delay.percentile(99))}`,
  `p99.9=${ms(delay.percentile(99.9))} max=${ms(delay.max)} ms;`,
  `ticks over 5 ms late: ${late} of ${ticks};`,
  `ack p50=${ack(0.5)} p99=${ack(0.99)} max=${ack(1)} ms`,
);
