import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitQueue } from '../../server/storage/sqlite/commit-queue.js';
import { walSync, type WalSyncOptions } from '../../server/storage/sqlite/wal-sync.js';
import { tempDir } from './helpers.js';

function database() {
  const db = new Database(join(tempDir(), 'wal.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x TEXT NOT NULL, level INTEGER)');
  return db;
}

/** Node's fsync replaced at that one boundary: each flush waits until the test ends it. */
function heldFlushes() {
  const pending: Array<(error: Error | null) => void> = [];
  return {
    fsync: (_fd: number, callback: (error: Error | null) => void) => void pending.push(callback),
    started: () => pending.length,
    /** Ends the oldest flush still running. */
    end: (error: Error | null = null) => pending.shift()?.(error),
  };
}

/** The group commit over `db` with its WAL flush (given `options`: a replaced fsync). */
function queueOf(db: Database.Database, options: WalSyncOptions = {}) {
  const sync = walSync(db, options);
  if (!sync) throw new Error('no WAL to flush');
  return { sync, write: commitQueue(db, sync) };
}

/** Lets the queue's setImmediate run, and whatever settles after it. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The group commit with its WAL flushed off the event loop (wal-sync.ts). */
describe('the group commit with an off-thread WAL flush', () => {
  it('acknowledges only once a later flush returns, in commit order, one flush at a time', async () => {
    const db = database();
    const flushes = heldFlushes();
    const { sync, write } = queueOf(db, { flush: flushes.fsync });
    const level = () => db.pragma('synchronous', { simple: true }) as number;
    const insert = (x: string) =>
      write(() => db.prepare('INSERT INTO t (x, level) VALUES (?, ?)').run(x, level()));
    const acked: string[] = [];
    const a = insert('a').then(() => acked.push('a'));
    await turn();
    const b = insert('b').then(() => acked.push('b'));
    const c = insert('c').then(() => acked.push('c'));
    await turn();
    // Both committed (another connection reads them), none acknowledged; b and c wait together.
    const reader = new Database(db.name, { readonly: true });
    expect(reader.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual(['a', 'b', 'c']);
    expect(acked).toEqual([]);
    expect(flushes.started()).toBe(1);
    flushes.end();
    await a;
    expect(acked).toEqual(['a']);
    expect(flushes.started()).toBe(1); // the flush for b and c
    flushes.end();
    await Promise.all([b, c]);
    expect(acked).toEqual(['a', 'b', 'c']);
    // The queue's writes ran at NORMAL (1), every batch; the connection is back at FULL (2).
    expect(reader.prepare('SELECT DISTINCT level FROM t').pluck().all()).toEqual([1]);
    expect(level()).toBe(2);
    reader.close();
    await sync.close();
    db.close();
  });

  it('fails the batch of a failed flush and every later one, and commits nothing after', async () => {
    const db = database();
    const flushes = heldFlushes();
    const told: Error[] = [];
    const { sync, write } = queueOf(db, {
      flush: flushes.fsync,
      onBroken: (error) => told.push(error),
    });
    const insert = (x: string) => write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x));
    const first = insert('first');
    await turn();
    const second = insert('second');
    await turn();
    flushes.end(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(first).rejects.toThrow(/EIO/);
    await expect(second).rejects.toThrow(/EIO/);
    await expect(insert('after')).rejects.toThrow(/EIO/);
    expect(db.prepare("SELECT COUNT(*) FROM t WHERE x = 'after'").pluck().get()).toBe(0);
    // Told once (the server logs it and fails /healthz), however many writes failed after.
    expect(told.map((error) => error.message)).toEqual(['EIO: i/o error, fsync']);
    await sync.close();
    db.close();
  });

  it('keeps a committed batch whose FULL could not be restored, and commits nothing after', async () => {
    const db = database();
    const flushes = heldFlushes();
    const told: Error[] = [];
    // SQLite refusing the switch back `failFull` times: the real database, its pragma failing.
    let failFull = 0;
    const failing = new Proxy(db, {
      get(target, key) {
        if (key !== 'pragma') return Reflect.get(target, key, target) as unknown;
        return (source: string) => {
          if (failFull > 0 && source === 'synchronous = FULL') {
            failFull--;
            throw new Error('SQLITE_IOERR: restoring FULL');
          }
          return target.pragma(source);
        };
      },
    });
    const { sync, write } = queueOf(failing, {
      flush: flushes.fsync,
      onBroken: (error) => told.push(error),
    });
    const insert = (x: string) => write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x));
    // Once is tried again, and nobody is told.
    failFull = 1;
    const retried = insert('retried');
    await turn();
    expect(told).toEqual([]);
    flushes.end();
    await retried;
    // Twice: the committed batch stands; nothing commits after.
    failFull = 2;
    const committed = insert('committed');
    await turn();
    expect(told.map((error) => error.message)).toEqual(['SQLITE_IOERR: restoring FULL']);
    await expect(insert('after')).rejects.toThrow(/restoring FULL/);
    // Its flush, not the failed switch, decides: acknowledged once it returns.
    flushes.end();
    await expect(committed).resolves.toBeDefined();
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['retried', 'committed']);
    expect(told).toHaveLength(1);
    await sync.close();
    db.close();
  });

  it('closes after the flush in progress, and commits nothing once closing', async () => {
    const db = database();
    const flushes = heldFlushes();
    const { sync, write } = queueOf(db, { flush: flushes.fsync });
    const inFlight = write(() => db.prepare("INSERT INTO t (x) VALUES ('in flight')").run());
    await turn();
    let closed = false;
    const closing = sync.close().then(() => (closed = true));
    await expect(
      write(() => db.prepare("INSERT INTO t (x) VALUES ('late')").run()),
    ).rejects.toThrow(/closing/);
    expect(closed).toBe(false);
    flushes.end();
    await inFlight;
    await closing;
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['in flight']);
    db.close();
  });

  it('flushes through the real fsync', async () => {
    const db = database();
    const { sync, write } = queueOf(db);
    await Promise.all(
      ['a', 'b'].map((x) => write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x))),
    );
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(2);
    await sync.close();
    db.close();
  });

  it('is not used for an in-memory database', () => {
    const db = new Database(':memory:');
    expect(walSync(db)).toBeUndefined();
    db.close();
  });
  it('commits upkeep at NORMAL with no flush of its own, and refuses it once closing', async () => {
    const db = database();
    const flushes = heldFlushes();
    const { sync } = queueOf(db, { flush: flushes.fsync });
    const level = () => db.pragma('synchronous', { simple: true }) as number;
    let during = -1;
    sync.commitUnsynced(
      db.transaction(() => {
        during = level();
        db.prepare("INSERT INTO t (x) VALUES ('merge')").run();
      }),
    );
    expect(during).toBe(1); // NORMAL
    expect(level()).toBe(2); // FULL again for every other write
    expect(flushes.started()).toBe(0);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['merge']);
    expect(sync.closing).toBe(false);
    const closed = sync.close();
    expect(sync.closing).toBe(true);
    expect(() => sync.commitUnsynced(() => {})).toThrow(/closing/);
    await closed;
    db.close();
  });
});
