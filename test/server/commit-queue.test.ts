import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitQueue, flushPendingWrites } from '../../server/storage/sqlite/commit-queue.js';
import { sleep, tempDir } from './helpers.js';

function database() {
  const db = new Database(join(tempDir(), 'queue.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x TEXT NOT NULL CHECK (length(x) < 100))');
  return db;
}

describe('the group commit queue', () => {
  it('fails one write alone when only its savepoint fails', async () => {
    const db = database();
    const write = commitQueue(db);
    const insert = (x: string) => write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x));
    const results = await Promise.allSettled([insert('a'), insert('b'.repeat(200)), insert('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 'a' }, { x: 'c' }]);
    db.close();
  });

  it('refuses an async write and undoes what it did before its first await', async () => {
    const db = database();
    const write = commitQueue(db);
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    const results = await Promise.allSettled([
      write(() => insert.run('sync')),
      write(async () => insert.run('async')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/must be synchronous/);
    expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 'sync' }]);
    db.close();
  });

  it('commits at once when idle, and under load holds a write for the rest of the window', async () => {
    const db = database();
    const reader = new Database(db.name, { readonly: true });
    // A window far longer than any scheduling delay, so that the timing below is unambiguous.
    const write = commitQueue(db, 400);
    const insert = (x: string) => () => db.prepare('INSERT INTO t (x) VALUES (?)').run(x);
    let at = performance.now();
    await write(insert('idle'));
    expect(performance.now() - at).toBeLessThan(300);
    at = performance.now();
    const held = write(insert('held'));
    await sleep(20);
    // Written in the same transaction as `held`: another connection cannot see `held` yet.
    let heldSeen = -1;
    const joined = write(() => {
      insert('joined')();
      heldSeen =
        reader.prepare<[], number>("SELECT COUNT(*) FROM t WHERE x = 'held'").pluck().get() ?? -1;
    });
    await Promise.all([held, joined]);
    expect(performance.now() - at).toBeGreaterThanOrEqual(300);
    expect(heldSeen).toBe(0);
    expect(reader.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
    reader.close();
    db.close();
  });

  it('commits held writes at once when asked to before the database closes', async () => {
    const db = database();
    const write = commitQueue(db, 60_000);
    await write(() => db.prepare("INSERT INTO t (x) VALUES ('first')").run());
    const held = write(() => db.prepare("INSERT INTO t (x) VALUES ('held')").run());
    flushPendingWrites(db);
    await held;
    db.close();
  });

  it('when the disk is full, fails the whole batch and commits none of it', async () => {
    const db = database();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    const write = commitQueue(db);
    const insert = (x: string) =>
      write(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(x.slice(0, 99)));
    const huge = () =>
      write(() => {
        const many = db.prepare('INSERT INTO t (x) VALUES (?)');
        for (let i = 0; i < 5000; i++) many.run('z'.repeat(90));
      });
    const results = await Promise.allSettled([insert('first'), huge(), insert('after')]);
    // SQLite rolled the whole transaction back: nothing may be reported saved, or be saved.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reason = (results[2] as PromiseRejectedResult).reason as Error;
    expect(reason.message).toMatch(/full/i);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    // The queue works again afterwards.
    db.pragma('max_page_count = 1000000');
    await insert('later');
    expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 'later' }]);
    db.close();
  });
});
