import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/storage/postgres/pg-store.js';
import { startPostgres, type PostgresService } from '../services/postgres.js';

let service: PostgresService;
beforeAll(async () => {
  service = await startPostgres();
}, 60_000);
afterAll(() => service?.stop());

const rule = { policy: 'open' as const, now: 0, setupVerified: true };
const newUser = (username: string) => ({ username, displayName: username, passwordHash: 'x' });
const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => 'answered',
    (error: { code?: string }) => error.code,
  );

describe('PostgreSQL store: a database that stops answering', () => {
  // A partition or a hung host: connections stay open and nothing answers, so none of the
  // server's own timeouts fire. Without a limit of the client's own, each call waits until
  // TCP gives up (a quarter of an hour) and the pool, then the node, is stuck.
  it('fails each call with unavailable, in a transaction or not, and goes on once it answers', async () => {
    const url = await service.createDatabase();
    const told: string[] = [];
    const store = await openPostgresStore(url, {
      max: 2,
      queryTimeoutMs: 1000,
      onUnavailable: (method, cause) => told.push(`${method}: ${cause.message}`),
    });
    try {
      // Both connections open before the freeze (opening one would wait for its own limit).
      await Promise.all([store.countUsers(), store.countUsers()]);
      service.freeze();
      let codes: unknown[];
      try {
        codes = await Promise.all([
          codeOf(store.countUsers()),
          codeOf(store.registerUser(newUser('ann'), rule)),
        ]);
      } finally {
        service.thaw();
      }
      expect(codes).toEqual(['unavailable', 'unavailable']);
      // The client is told only to retry; the operator hears why.
      expect(told.sort()).toEqual([
        'countUsers: Query read timeout',
        'registerUser: Query read timeout',
      ]);
      // The stuck connections were dropped, not returned to the pool behind their lost answers.
      expect(await store.registerUser(newUser('bob'), rule)).toMatchObject({ ok: true });
      expect(await store.countUsers()).toBe(1);
    } finally {
      await store.close();
    }
  }, 30_000);
});
