import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/tokens.js';
import type { TokenPair } from '../../server/protocol.js';
import { DATABASE_FILE } from '../../server/storage/sqlite/sqlite-store.js';
import { connect, http, refusal, register, sleep, startServer } from './helpers.js';

/** POST /api/refresh with `refreshToken`: the status and, on success, the new pair. */
async function refresh(url: string, refreshToken: string) {
  const answer = await http<TokenPair & { error?: { code: string } }>(url, '/api/refresh', {
    body: { refreshToken },
  });
  return { status: answer.status, pair: answer.body, code: answer.body?.error?.code };
}

// A grace of 2 s: the tests wait it out for real (with room for a busy machine).
// Seconds, not fewer: each window must outlast a few HTTP round trips on a busy machine.
const GRACE = { refreshGraceSec: 5 };

describe('refresh-token grace window', () => {
  it('takes the previous token again inside the window, and only that branch lives on', async () => {
    const { url } = await startServer(GRACE);
    const { refreshToken: first } = await register(url, 'alice');
    const lost = await refresh(url, first); // the answer that never reached the client
    expect(lost.status).toBe(200);
    const retried = await refresh(url, first);
    expect(retried.status).toBe(200);
    expect(retried.pair.refreshToken).not.toBe(lost.pair.refreshToken);
    // The retry's branch works; the lost answer's token is dead, and showing it is reuse.
    const onward = await refresh(url, retried.pair.refreshToken);
    expect(onward.status).toBe(200);
    expect(await refresh(url, lost.pair.refreshToken)).toMatchObject({
      status: 401,
      code: 'token_revoked',
    });
    expect((await refresh(url, onward.pair.refreshToken)).code).toBe('token_revoked');
  });

  it('leaves one valid token when the same token is sent twice at once', async () => {
    const { url, dataDir } = await startServer(GRACE);
    const { refreshToken } = await register(url, 'bob');
    const both = await Promise.all([refresh(url, refreshToken), refresh(url, refreshToken)]);
    expect(both.map((answer) => answer.status)).toEqual([200, 200]);
    // Which answer came from the second rotation is not visible to the client: ask the database
    // which of the two is the session's one unspent token.
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const unspent = db
      .prepare<[], { hash: string }>('SELECT hash FROM refresh_tokens WHERE spent_at IS NULL')
      .all();
    db.close();
    expect(unspent).toHaveLength(1);
    const [live, dead] = both.map((answer) => answer.pair.refreshToken);
    const ordered = unspent[0]!.hash === hashToken(live!) ? [live!, dead!] : [dead!, live!];
    expect((await refresh(url, ordered[0]!)).status).toBe(200);
    expect((await refresh(url, ordered[1]!)).code).toBe('token_revoked');
  });

  it('graces only the token just before the current one', async () => {
    const { url } = await startServer(GRACE);
    const { refreshToken: t0 } = await register(url, 'carol');
    const t1 = (await refresh(url, t0)).pair.refreshToken;
    const t2 = (await refresh(url, t1)).pair.refreshToken;
    expect((await refresh(url, t1)).status).toBe(200); // just before t2: graced
    expect((await refresh(url, t0)).code).toBe('token_revoked'); // two back: reuse
    expect((await refresh(url, t2)).code).toBe('token_revoked');
  });

  it('still revokes the session when the previous token comes back after the window', async () => {
    const { url } = await startServer(GRACE);
    const { refreshToken: first } = await register(url, 'dave');
    await refresh(url, first);
    const retried = await refresh(url, first);
    expect(retried.status).toBe(200);
    await sleep(5300);
    // The window runs from the first spending: the retry inside it did not stretch it.
    expect(await refresh(url, first)).toMatchObject({ status: 401, code: 'token_revoked' });
    expect((await refresh(url, retried.pair.refreshToken)).code).toBe('token_revoked');
  });
});

describe('the refreshGraceSec option', () => {
  it('is an option from 1 to 300 seconds: a long grace would let a stolen token through', async () => {
    for (const refreshGraceSec of [0, 301, 1.5]) {
      await expect(startServer({ refreshGraceSec })).rejects.toThrow(
        /"refreshGraceSec" must be an integer from 1 to 300/,
      );
    }
  });
});

describe('absolute session lifetime', () => {
  it('ends a session at its maximum age, however fresh its tokens', async () => {
    const { url } = await startServer({ ...GRACE, sessionMaxAgeSec: 5 });
    const { refreshToken } = await register(url, 'erin');
    const fresh = await refresh(url, refreshToken);
    expect(fresh.status).toBe(200);
    expect((await connect(url, fresh.pair.token)).connected).toBe(true);
    await sleep(5200);
    // The access token has 15 minutes left, the refresh token 30 days: the session ended anyway.
    expect(await refresh(url, fresh.pair.refreshToken)).toMatchObject({
      status: 401,
      code: 'token_expired',
    });
    expect((await refusal(url, { auth: { token: fresh.pair.token } })).code).toBe('token_expired');
  });
});
