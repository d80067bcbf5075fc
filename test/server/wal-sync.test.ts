import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitQueue } from '../../server/storage/sqlite/commit-queue.js';
import { walSync } from '../../server/storage/sqlite/wal-sync.js';
import { tempDir } from './helpers.js';

function database() {
  const db = new Database(join(tempDir(), 'wal.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x TEXT NOT NULL)');
  return db;
}

/** The group commit with its WAL flushed off the event loop (wal-sync.ts). */
describe('the group commit with an off-thread WAL flush', () => {
  it('commits, acknowledges after the flush, and leaves other writes at synchronous=FULL', async () => {
    const db = database();
    const sync = walSync(db);
    if (!sync) throw new Error('no WAL to flush');
    const write = commitQueue(db, sync);
    const insert = (x: string) => write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x));
    const results = await Promise.allSettled([insert('a'), insert('b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // 2 is FULL: the queue's own NORMAL never outlives its transaction.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const reader = new Database(db.name, { readonly: true });
    expect(reader.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual(['a', 'b']);
    reader.close();
    await sync.close();
    db.close();
  });

  it('acknowledges nothing whose flush failed', async () => {
    const db = database();
    const sync = walSync(db);
    if (!sync) throw new Error('no WAL to flush');
    const write = commitQueue(db, sync);
    // The descriptor is closed: the flush fails (EBADF), as a failing disk's would.
    await sync.close();
    const outcome = write(() => db.prepare("INSERT INTO t (x) VALUES ('lost')").run());
    await expect(outcome).rejects.toThrow(/EBADF/);
    db.close();
  });

  it('keeps a write that failed alone failed, and its batch-mates acknowledged', async () => {
    const db = database();
    db.exec('CREATE TABLE u (x TEXT NOT NULL CHECK (length(x) < 3))');
    const sync = walSync(db);
    if (!sync) throw new Error('no WAL to flush');
    const write = commitQueue(db, sync);
    const insert = (x: string) => write(() => db.prepare('INSERT INTO u (x) VALUES (?)').run(x));
    const results = await Promise.allSettled([insert('a'), insert('too long'), insert('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await sync.close();
    db.close();
  });

  it('is not used for an in-memory database', () => {
    const db = new Database(':memory:');
    expect(walSync(db)).toBeUndefined();
    db.close();
  });
});
