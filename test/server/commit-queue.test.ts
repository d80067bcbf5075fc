import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitQueue } from '../../server/storage/sqlite/commit-queue.js';
import { tempDir } from './helpers.js';

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
      // Its awaited part fails too: that must not be an unhandled rejection (vitest fails on one).
      write(async () => {
        insert.run('async');
        await null;
        throw new Error('after the await');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/must be synchronous/);
    expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 'sync' }]);
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
  it('holds a batch while its hook asks, commits it once resumed, and tells each commit', async () => {
    const db = database();
    /** The ways back the hook was given, in order. */
    const resumes: Array<() => void> = [];
    let holding = true;
    const commits: number[] = [];
    const write = commitQueue(db, undefined, {
      committed: () => commits.push(count()),
      hold: (later) => {
        if (!holding) return false;
        resumes.push(later);
        return true;
      },
    });
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    const first = write(() => insert.run('a'));
    const second = write(() => insert.run('b'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Held: nothing written, nothing settled, the hook has its way back.
    expect(count()).toBe(0);
    expect(resumes).toHaveLength(1);
    // Resumed while the hook still holds: it asks again, and waits again.
    resumes[0]?.();
    expect(count()).toBe(0);
    expect(resumes).toHaveLength(2);
    holding = false;
    resumes[1]?.();
    await Promise.all([first, second]);
    // One batch, committed once, told once, after it was in the table.
    expect(commits).toEqual([2]);
    await write(() => insert.run('c'));
    expect(commits).toEqual([2, 3]);
    // A hook that throws does not undo or fail the batch it follows.
    const throwing = commitQueue(db, undefined, {
      committed: () => {
        throw new Error('upkeep failed');
      },
    });
    await expect(throwing(() => insert.run('d'))).resolves.toBeDefined();
    expect(count()).toBe(4);
    db.close();
  });
});
