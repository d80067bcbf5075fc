import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/storage/postgres/pg-store.js';
import { PG_SCHEMA_VERSION } from '../../server/storage/postgres/pg-schema.js';
import { startPostgres, type PostgresService } from '../services/postgres.js';
import { sleep } from './helpers.js';

/** pg-accounts.ts's registration lock ("parley-r" in ASCII). */
const REGISTRATION_LOCK = '8097879414873337202';

let service: PostgresService;
beforeAll(async () => {
  service = await startPostgres();
}, 60_000);
afterAll(() => service?.stop());

/** Runs one query on its own connection, outside any store. */
async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store: schema and connections', () => {
  it('migrates once when three nodes start together, and every node is the same server', async () => {
    const url = await service.createDatabase();
    const nodes = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, { max: 2 })));
    try {
      expect(new Set(nodes.map((node) => node.serverId)).size).toBe(1);
      expect(nodes[0]?.serverId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await query(url, 'SELECT version FROM schema_version')).toEqual([
        { version: PG_SCHEMA_VERSION },
      ]);
      expect(await query(url, 'SELECT name FROM rooms')).toEqual([{ name: 'general' }]);
      // A node started later finds the schema current and the same id.
      const later = await openPostgresStore(url, { max: 1 });
      expect(later.serverId).toBe(nodes[0]?.serverId);
      await later.close();
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  it('refuses a database that a newer build has upgraded', async () => {
    const url = await service.createDatabase();
    await (await openPostgresStore(url)).close();
    await query(url, `UPDATE schema_version SET version = ${PG_SCHEMA_VERSION + 1}`);
    await expect(openPostgresStore(url)).rejects.toThrow(/newer than this server understands/);
  });

  it('survives a connection cut in the middle of a transaction, which then fails', async () => {
    const url = await service.createDatabase();
    const store = await openPostgresStore(url, { max: 2 });
    const holder = new pg.Client(url);
    await holder.connect();
    try {
      // Another node holds the registration lock: this registration waits inside its transaction.
      await holder.query(`SELECT pg_advisory_lock(${REGISTRATION_LOCK})`);
      const registering = store.registerUser(
        { username: 'ann', displayName: 'Ann', passwordHash: 'x' },
        { policy: 'open', now: 0, setupVerified: true },
      );
      const caught = registering.then(
        () => 'registered',
        (error: { code?: string }) => error.code,
      );
      let waiting: Array<{ pid: number }> = [];
      for (let i = 0; i < 100 && waiting.length === 0; i++) {
        await sleep(20);
        waiting = (
          await holder.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          )
        ).rows;
      }
      expect(waiting).toHaveLength(1);
      await holder.query('SELECT pg_terminate_backend($1)', [waiting[0]?.pid]);
      // The client is told to try again (a 503, or an ack's code), not shown a driver error.
      expect(await caught).toBe('unavailable');
      await holder.query(`SELECT pg_advisory_unlock(${REGISTRATION_LOCK})`);
      // The node lives on, and its next transaction runs on a fresh connection.
      expect(
        await store.registerUser(
          { username: 'bob', displayName: 'Bob', passwordHash: 'x' },
          { policy: 'open', now: 0, setupVerified: true },
        ),
      ).toMatchObject({ ok: true, user: { role: 'owner' } });
    } finally {
      await holder.end();
      await store.close();
    }
  });

  it('makes a ban wait for a demotion of its actor that is under way, and then refuses it', async () => {
    const url = await service.createDatabase();
    const store = await openPostgresStore(url, { max: 2 });
    const other = new pg.Client(url);
    await other.connect();
    try {
      const rule = { policy: 'open' as const, now: 0, setupVerified: true };
      const ids: number[] = [];
      for (const name of ['own', 'ann', 'bob']) {
        const made = await store.registerUser(
          { username: name, displayName: name, passwordHash: 'x' },
          rule,
        );
        if (!made.ok) throw new Error('no user');
        ids.push(made.user.id);
      }
      const [own = 0, ann = 0, bob = 0] = ids;
      await store.setUserRole({ actorId: own, targetId: ann, role: 'admin', now: 1 });
      // Another node is demoting ann: its transaction holds her row, as setUserRole does.
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [ann]);
      const ban = store.banUser({ actorId: ann, targetId: bob, banned: true, reason: '', now: 2 });
      let settled = false;
      void ban.then(() => (settled = true));
      await sleep(300);
      // The ban reads its actor afresh under the same lock: it waits, not acts on a stale role.
      expect(settled).toBe(false);
      await other.query('UPDATE users SET admin = false WHERE id = $1', [ann]);
      await other.query('COMMIT');
      expect(await ban).toEqual({ ok: false, refused: 'actor' });
      expect((await store.adminUser(bob))?.banned).toBe(false);
    } finally {
      await other.end();
      await store.close();
    }
  });

  it('survives its idle connections being cut, and reconnects for the next query', async () => {
    const url = await service.createDatabase();
    const store = await openPostgresStore(url, { max: 3 });
    try {
      await Promise.all([store.countUsers(), store.countUsers(), store.countUsers()]);
      // What a database restart or a failover does to a pool's idle connections.
      const cut = await query<{ cut: boolean }>(
        url,
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(cut.filter((row) => row.cut)).toHaveLength(3);
      await sleep(100);
      expect(await store.countUsers()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
