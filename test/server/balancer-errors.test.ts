import { describe, expect, it } from 'vitest';
import { startHaproxy } from '../services/haproxy.js';
import { freePort } from '../services/free-port.js';
import { http, sleep } from './helpers.js';

describe('docs/deploy/haproxy.cfg with no node ready', () => {
  // What clients meet while the database or Redis that every node shares is down: each node's
  // /readyz fails, HAProxy takes them all out, and answers for them.
  it("answers the nodes' own retryable error, not HAProxy's page", async () => {
    const dead = (await Promise.all([freePort(), freePort(), freePort()])).map(
      (port) => `127.0.0.1:${port}`,
    ) as [string, string, string];
    const balancer = await startHaproxy(dead);
    try {
      // Until its health checks have failed twice (1 s apart), HAProxy still tries the nodes.
      let answer = await http(balancer.url, '/api/me');
      for (let i = 0; i < 50 && answer.body?.error?.code !== 'unavailable'; i++) {
        await sleep(100);
        answer = await http(balancer.url, '/api/me');
      }
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        error: { code: 'unavailable', message: 'No server can answer just now; try again.' },
      });
    } finally {
      await balancer.stop();
    }
  });
});
