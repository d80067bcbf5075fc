import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { http, register, sleep, startServer } from './helpers.js';
import { postFrom } from './post-from.js';

const randomName = () => `u${randomUUID().slice(0, 8)}`;
const loginFrom = (address: string, url: string, username = randomName()) =>
  postFrom(address, url, '/api/login', { username, password: 'wrong password' });

/**
 * Password hashing is what a login costs; the per-username login limit does not bound it for
 * someone who changes the username every time. One budget per address for logins and
 * registrations together, and a server-wide cap on hashes running and waiting.
 */
describe('password hashing limits', () => {
  it('gives each address a hashing budget that rotating usernames does not escape', async () => {
    const { url } = await startServer({ hashRate: { max: 5, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      const answer = await loginFrom('127.0.0.2', url);
      expect(answer.body.error.code).toBe('invalid_credentials');
    }
    const limited = await loginFrom('127.0.0.2', url);
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(limited.body.error.retryAfterMs).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget.
    expect((await loginFrom('127.0.0.3', url)).body.error.code).toBe('invalid_credentials');
  });

  it('counts registrations and logins together', async () => {
    const { url } = await startServer({ hashRate: { max: 3, windowMs: 60_000 } });
    await register(url, 'alice');
    await register(url, 'bob');
    const login = await http(url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
    });
    expect(login.status).toBe(200);
    const fourth = await http(url, '/api/register', {
      body: { username: 'carol', password: 'correct horse' },
    });
    expect([fourth.status, fourth.body.error.code]).toEqual([429, 'rate_limited']);
  });

  it('serves the line by address in turn: a flood from one address does not delay another', async () => {
    const { url } = await startServer({ hashJobs: { running: 1, waiting: 100 } });
    const finished: string[] = [];
    const flood = Array.from({ length: 24 }, () =>
      loginFrom('127.0.0.2', url).then(() => void finished.push('flood')),
    );
    // Let the flood reach the server and fill the line before the other person arrives.
    await sleep(100);
    await loginFrom('127.0.0.3', url).then(() => void finished.push('other'));
    await Promise.all(flood);
    // Behind at most the hash running and the flood's next one, not behind the whole flood.
    expect(finished.indexOf('other')).toBeLessThanOrEqual(4);
  });

  it('caps hashes in flight server-wide: past the cap, rate_limited at once, never a long queue', async () => {
    const { url } = await startServer({ hashJobs: { running: 1, waiting: 2 } });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(`127.0.0.${10 + i}`, url)),
    );
    const codes = answers.map((answer) => answer.body.error.code as string);
    expect(codes.filter((code) => code === 'invalid_credentials').length).toBeGreaterThanOrEqual(3);
    const limited = answers.filter((answer) => answer.body.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    for (const answer of limited) {
      expect(answer.status).toBe(429);
      expect(answer.body.error.retryAfterMs).toBeGreaterThan(0);
    }
    expect(codes.every((code) => code === 'invalid_credentials' || code === 'rate_limited')).toBe(
      true,
    );
    // Once the line has drained, logins go through again.
    expect((await loginFrom('127.0.0.30', url)).body.error.code).toBe('invalid_credentials');
  });
});
