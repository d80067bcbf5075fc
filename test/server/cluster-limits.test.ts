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
});
