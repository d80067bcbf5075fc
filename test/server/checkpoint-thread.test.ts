import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, checkpointThread } from '../../server/storage/sqlite/checkpoint-thread.js';
import { sleep, tempDir } from './helpers.js';

/** A WAL database of 512-byte pages, and a table. */
function walDatabase() {
  const file = join(tempDir(), 'test.db');
  const db = new Database(file);
  db.pragma('page_size = 512');
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare<[Buffer]>('INSERT INTO rows (body) VALUES (?)');
  /** About `pages` pages of new rows, in one transaction. */
  const write = db.transaction((pages: number) => {
    for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(400, i));
  });
  return { db, file, write };
}

const frames = (file: string) => Math.max(0, (statSync(`${file}-wal`).size - 32) / (512 + 24));

/**
 * SQLite checkpointed inside the COMMIT that took the WAL past 1,000 pages, on the event loop,
 * fsyncs included; the thread does it on a connection of its own (checkpoint-thread.ts).
 */
describe('the checkpoint thread', () => {
  it('copies the WAL into the database on its own connection, while the main one does not', async () => {
    const { db, file, write } = walDatabase();
    const failures: Error[] = [];
    const thread = checkpointThread(db, { onFallBack: (error) => failures.push(error) })!;
    write(300); // well under 1,000 pages: SQLite itself would not checkpoint yet
    const before = statSync(file).size;
    thread.committed();
    for (let waited = 0; statSync(file).size < before + 300 * 400 && waited < 10_000; waited += 20)
      await sleep(20);
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 300 * 400);
    // The main connection checkpoints only as a backstop while the thread runs.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    await thread.close();
    // Without the thread, the main connection checkpoints again, as SQLite does by default; a
    // thread closed with the store is no failure to tell.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(failures).toEqual([]);
    db.close();
  });

  it('holds batches for a checkpoint once the WAL is large, so that it stays bounded', async () => {
    const { db, file, write } = walDatabase();
    const thread = checkpointThread(db, { holdFrames: 2_000, maxHoldMs: 2_000 })!;
    let holds = 0;
    let largest = 0;
    // A batch every ~6 ms: one lands during nearly every checkpoint (its fsyncs take longer on
    // a real disk: on tmpfs the WAL may restart by itself, and none is held), so the WAL
    // restarts by chance only.
    for (let batch = 0; batch < 400; batch++) {
      await new Promise<void>((resume) => {
        if (thread.hold(() => resume())) holds++;
        else resume();
      });
      write(100);
      thread.committed();
      largest = Math.max(largest, frames(file));
      await sleep(5);
    }
    // 40,000 frames were written. Without the holds, only the main connection's backstop
    // (BACKSTOP_PAGES) restarted the WAL. Held past 2,000, it grows by what comes before the
    // next checkpoint (200 ms apart): at most 4,592 frames here, and 15,105 without them.
    expect(holds).toBeGreaterThan(0);
    expect(largest).toBeLessThan(10_000);
    expect(db.prepare('SELECT COUNT(*) AS n FROM rows').get()).toEqual({ n: 40_000 });
    await thread.close();
    db.close();
  });

  it('falls back to checkpoints on the main connection when the thread cannot start', async () => {
    const { db, file, write } = walDatabase();
    let told: Error | undefined;
    const failed = new Promise<void>((resolve) => {
      const thread = checkpointThread(db, {
        module: join(tempDir(), 'no-such-module.js'),
        onFallBack: (error) => {
          told = error;
          resolve();
        },
      })!;
      thread.committed();
    });
    await failed;
    expect(told?.message).toMatch(/Cannot find module/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // SQLite's own checkpoint, in the COMMIT past 1,000 pages, copies the WAL again.
    const before = statSync(file).size;
    write(1_200);
    expect(statSync(file).size).toBeGreaterThan(before + 1_000 * 400);
    db.close();
  });
});
