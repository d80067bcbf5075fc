import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQuery } from '../../../server/search/query.js';
import { openPool } from '../../../server/storage/postgres/pg-pool.js';
import { pgSearch } from '../../../server/storage/postgres/pg-search.js';
import { openPostgresStore } from '../../../server/storage/postgres/pg-store.js';
import { startPostgres, type PostgresService } from '../../services/postgres.js';
import { newUser } from './harness.js';
import { postgresSeeds } from './seeds.js';
import { searchWrites } from './search-writes.js';

let service: PostgresService | undefined;
beforeAll(async () => {
  service = await startPostgres();
}, 60_000);
afterAll(async () => {
  await service?.stop();
});

/**
 * PostgreSQL's bound on a search is its statement timeout (pg-search.ts): a scan that runs out
 * of it answers as SQLite's time budget does, never with an error. The scan is held up by a
 * lock on `members` that another connection keeps, so that it runs out every time.
 */
it('answers a scan that runs out of time with a position to ask again, never an error', async () => {
  if (!service) throw new Error('PostgreSQL did not start');
  const url = await service.createDatabase();
  const store = await openPostgresStore(url, { max: 2 });
  const pool = openPool(url, { max: 2 });
  const locker = new pg.Client({ connectionString: url });
  try {
    const made = await store.registerUser(newUser('ann'), {
      policy: 'open',
      now: 0,
      setupVerified: true,
    });
    if (!made.ok) throw new Error('no ann');
    const ann = made.user.id;
    const [general = 0] = await store.memberRoomIds(ann);
    const write = searchWrites(postgresSeeds(url));
    for (let i = 0; i < 3; i++) await write.post(general, ann, `sprocket ${i}`);
    const search = pgSearch(pool, { timeoutMs: 300, laterTimeoutMs: 300 });
    const ask = (batch?: { maxId: number; minId?: number }) =>
      search.searchMessages({
        userId: ann,
        query: parseQuery('sprocket'),
        offset: 0,
        limit: 10,
        batch,
        now: 0,
      });
    const whole = await ask();
    expect(whole).toMatchObject({ total: 3, minId: 1 });

    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE members IN ACCESS EXCLUSIVE MODE');
    // A first page: an empty batch just above its range, so that the next page reads it again.
    expect(await ask()).toEqual({
      hits: [],
      total: 0,
      maxId: whole.maxId,
      minId: whole.maxId + 1,
      unknownFilters: [],
    });
    // A later page: unfinished, at the same position.
    expect(await ask({ maxId: whole.maxId, minId: 1 })).toMatchObject({
      hits: [],
      minId: 1,
      unfinished: true,
    });
    await locker.query('ROLLBACK');
    expect(await ask({ maxId: whole.maxId, minId: 1 })).toMatchObject({ total: 3 });
  } finally {
    await locker.end();
    await pool.end();
    await store.close();
  }
});
