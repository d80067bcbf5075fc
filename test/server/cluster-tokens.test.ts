import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashToken } from '../../server/auth/tokens.js';
import { describe, expect, it } from 'vitest';
import { useClusterServices } from '../services/cluster-services.js';
import { linked } from './cluster-link.js';
import {
  connect,
  disconnected,
  http,
  next,
  refusal,
  register,
  sleep,
  startServer,
} from './helpers.js';

const services = useClusterServices();

/** Two nodes on one PostgreSQL and one Redis, the owner registered, adapters linked. */
async function twoNodes(options: { refreshGraceSec?: number } = {}) {
  const database = await services.postgres.createDatabase();
  const shared = { database, jwtSecret: randomUUID() + randomUUID(), redis: services.redis.url };
  const a = await startServer({ ...shared, ...options });
  const b = await startServer({ ...shared, ...options });
  await register(a.url, 'own', { setupCode: await a.server.setupCode() });
  return { a, b, database };
}

/** Unspent refresh tokens of the session that `sessionOf` (a refresh token) belongs to. */
async function liveTokens(database: string, sessionOf: string): Promise<number> {
  const client = new pg.Client(database);
  await client.connect();
  try {
    const hash = hashToken(sessionOf);
    const found = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM refresh_tokens WHERE spent_at IS NULL AND session_id =
         (SELECT session_id FROM refresh_tokens WHERE hash = $1)`,
      [hash],
    );
    return Number(found.rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('tokens across two nodes on PostgreSQL and Redis', () => {
  it('keeps one live refresh token when two nodes rotate the same one at once; a replay ends the session on both', async () => {
    const { a, b, database } = await twoNodes({ refreshGraceSec: 1 });
    const ann = await register(a.url, 'ann');
    const annOnB = await connect(b.url, ann.token);
    await linked(a, annOnB);
    const answers = await Promise.all(
      [a, b].map((node) =>
        http<{ refreshToken?: string }>(node.url, '/api/refresh', {
          body: { refreshToken: ann.refreshToken },
        }),
      ),
    );
    // One rotation, then (within the grace for a lost answer) perhaps a second from the same
    // token, which spends the first's replacement: the session never forks into two live chains.
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
    expect(await liveTokens(database, ann.refreshToken)).toBe(1);
    // Past the grace, the spent token is reuse: on node A, and the socket on node B is cut off.
    await sleep(1100);
    const revoked = next<{ code: string }>(annOnB, 'auth:revoked', () => true, 1000);
    const gone = disconnected(annOnB, 1000);
    const replay = await http(a.url, '/api/refresh', { body: { refreshToken: ann.refreshToken } });
    expect(replay.body).toMatchObject({ error: { code: 'token_revoked' } });
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    // Every token of the session is dead on both nodes, the live one included.
    for (const answer of answers.filter((answer) => answer.status === 200))
      for (const node of [a, b])
        expect(
          (
            await http(node.url, '/api/refresh', {
              body: { refreshToken: answer.body.refreshToken },
            })
          ).status,
        ).toBe(401);
  });

  it('lets no socket revoked while it was offline come back, on either node', async () => {
    const { a, b } = await twoNodes();
    const ann = await register(a.url, 'ann');
    const annOnB = await connect(b.url, ann.token);
    annOnB.disconnect();
    // Logged out on node A while the socket was away; its access token has not expired.
    expect((await http(a.url, '/api/logout', { body: {}, token: ann.token })).status).toBe(204);
    for (const node of [a, b])
      expect((await refusal(node.url, { auth: { token: ann.token } })).code).toBe('token_revoked');
  });
});
