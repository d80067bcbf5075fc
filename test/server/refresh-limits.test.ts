import { describe, expect, it } from 'vitest';
import type { TokenPair } from '../../server/protocol.js';
import { http, register, sleep, startServer } from './helpers.js';
import { postFrom } from './post-from.js';

/** Every refresh-token rotation is a durable write: it is rate limited per session and per address. */
describe('refresh limits', () => {
  it('limits rotations per session with 429 and Retry-After; other sessions are unaffected', async () => {
    const { url } = await startServer({ sessionRefreshRate: { max: 5, windowMs: 2000 } });
    const alice = await register(url, 'alice');
    let refreshToken = alice.refreshToken;
    for (let i = 0; i < 5; i++) {
      const answer = await http<TokenPair>(url, '/api/refresh', { body: { refreshToken } });
      expect(answer.status).toBe(200);
      refreshToken = answer.body.refreshToken;
    }
    const limited = await http(url, '/api/refresh', { body: { refreshToken } });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(limited.body.error.retryAfterMs).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another session of the same person has its own allowance.
    const other = await http(url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
    });
    const second = await http(url, '/api/refresh', {
      body: { refreshToken: other.body.refreshToken },
    });
    expect(second.status).toBe(200);
    // Refused before the rotation: the token was not spent, and works once the window has passed.
    await sleep(2100);
    expect((await http(url, '/api/refresh', { body: { refreshToken } })).status).toBe(200);
  });

  it('limits rotations per address, whatever the session', async () => {
    // Next to no refill: the count does not depend on how fast this machine answers.
    const { url } = await startServer({ refreshRate: { perSecond: 0.01, burst: 3 } });
    const tokens = await Promise.all(
      ['ann', 'ben', 'cat', 'dan'].map(async (name) => (await register(url, name)).refreshToken),
    );
    const from = (address: string, refreshToken: string) =>
      postFrom(address, url, '/api/refresh', { refreshToken });
    for (const token of tokens.slice(0, 3))
      expect((await from('127.0.0.2', token)).status).toBe(200);
    const limited = await from('127.0.0.2', tokens[3] ?? '');
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('127.0.0.3', tokens[3] ?? '')).status).toBe(200);
  });

  it('answers an unknown refresh token without a write, and it counts for the address', async () => {
    const { url } = await startServer({ refreshRate: { perSecond: 0.01, burst: 2 } });
    const from = () => postFrom('127.0.0.4', url, '/api/refresh', { refreshToken: 'made-up' });
    expect((await from()).body.error.code).toBe('invalid_token');
    expect((await from()).body.error.code).toBe('invalid_token');
    expect((await from()).body.error.code).toBe('rate_limited');
  });
});
