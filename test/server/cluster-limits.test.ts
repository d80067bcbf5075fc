import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisService } from '../services/redis.js';
import { twoNodes } from './cluster-link.js';
import { http, register } from './helpers.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

const wrongLogin = (url: string) =>
  http(url, '/api/login', { body: { username: 'ann', password: 'not her password' } });

describe('limits across nodes', () => {
  // Each node alone would allow 4 attempts: a client going round the nodes must not get 8.
  it('counts login attempts for one name from one address on every node together', async () => {
    const [a, b] = await twoNodes(redis.url, { loginRate: { max: 4, windowMs: 60_000 } });
    await register(a.url, 'own');
    await register(a.url, 'ann');
    const codes: number[] = [];
    for (const node of [a, b, a, b]) codes.push((await wrongLogin(node.url)).status);
    expect(codes).toEqual([401, 401, 401, 401]);
    for (const node of [a, b]) {
      const refused = await wrongLogin(node.url);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('counts registrations from one address on every node together', async () => {
    const [a, b] = await twoNodes(redis.url, { registerRate: { max: 3, windowMs: 60_000 } });
    const answers: number[] = [];
    for (const [i, node] of [a, b, a, b].entries()) {
      const made = await http(node.url, '/api/register', {
        body: { username: `user${i}`, password: 'correct horse' },
      });
      answers.push(made.status);
    }
    expect(answers).toEqual([201, 201, 201, 429]);
  });

  /** Two nodes with `options`, and ann with a socket on each. */
  async function annOnBoth(options: Parameters<typeof twoNodes>[1]) {
    const [a, b] = await twoNodes(redis.url, options);
    const ann = await register(a.url, 'ann');
    return { a, b, ann };
  }

  it('counts one session’s token refreshes on every node together', async () => {
    const { a, b, ann } = await annOnBoth({ sessionRefreshRate: { max: 2, windowMs: 60_000 } });
    let refreshToken = ann.refreshToken;
    const refreshes: number[] = [];
    for (const node of [a, b, a]) {
      const answer = await http(node.url, '/api/refresh', { body: { refreshToken } });
      refreshes.push(answer.status);
      if (answer.status === 200) refreshToken = answer.body.refreshToken;
    }
    expect(refreshes).toEqual([200, 200, 429]);
  });

  it('counts attempts at the current password on every node together', async () => {
    const { a, b, ann } = await annOnBoth({ loginRate: { max: 2, windowMs: 60_000 } });
    const wrong = { currentPassword: 'not hers', newPassword: 'battery staple' };
    const attempts: string[] = [];
    for (const node of [a, b, a]) {
      const answer = await http(node.url, '/api/password', { token: ann.token, body: wrong });
      attempts.push(answer.body.error.code);
    }
    expect(attempts).toEqual(['invalid_credentials', 'invalid_credentials', 'rate_limited']);
  });
});
