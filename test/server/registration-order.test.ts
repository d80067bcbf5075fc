import { describe, expect, it } from 'vitest';
import { http, register, startServer } from './helpers.js';

const attempt = (url: string, body: object) => http(url, '/api/register', { body });

/** Milliseconds a request takes, median of five. */
async function medianMs(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2] ?? 0;
}

describe('registration checks, in order', () => {
  it('under invite, checks the invite before the username: no enumeration without one', async () => {
    const { url } = await startServer({ registration: 'invite' });
    await register(url, 'owner');
    for (const invite of [undefined, 'made-up-code']) {
      const taken = await attempt(url, { username: 'owner', password: 'longenough', invite });
      const free = await attempt(url, { username: 'nobody', password: 'longenough', invite });
      expect([taken.status, taken.body.error]).toEqual([free.status, free.body.error]);
      expect(taken.body.error.code).toBe('invalid_invite');
    }
  });

  it('refuses by policy, invite or setup code before hashing the password', async () => {
    // A costly hash (N = 2^16) makes a hash plainly visible in the answer time.
    const scryptCost = 65_536;
    const closed = await startServer({ registration: 'closed', scryptCost });
    await register(closed.url, 'owner');
    const invite = await startServer({ registration: 'invite', scryptCost });
    await register(invite.url, 'owner');
    const fresh = await startServer({ scryptCost, requireSetupCodeOnLoopback: true });

    const hashed = await medianMs(() =>
      http(closed.url, '/api/login', { body: { username: 'owner', password: 'wrong password' } }),
    );
    const body = { username: 'newcomer', password: 'longenough' };
    for (const [url, code] of [
      [closed.url, 'registration_closed'],
      [invite.url, 'invalid_invite'],
      [fresh.url, 'invalid_setup_code'],
    ] as const) {
      expect((await attempt(url, body)).body.error.code).toBe(code);
      const refused = await medianMs(() => attempt(url, body));
      expect(refused, code).toBeLessThan(hashed / 4);
    }
  });

  it('consumes an invite once, even with registrations racing for it', async () => {
    const { url } = await startServer({ registration: 'invite' });
    const owner = await register(url, 'owner');
    const { code } = (await http(url, '/api/invites', { method: 'POST', token: owner.token }))
      .body as { code: string };
    const results = await Promise.all(
      ['first', 'second', 'third'].map((username) =>
        attempt(url, { username, password: 'longenough', invite: code }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
    for (const r of results.filter((r) => r.status === 403))
      expect(r.body.error.code).toBe('invalid_invite');
  });
});
