import { readdirSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AVATAR_UPLOADS_AT_ONCE } from '../../server/people/avatars.js';
import type { Profile } from '../../server/protocol.js';
import { sleep, tempDir } from './helpers.js';
import { people } from './message-helpers.js';

/** Starts an upload that declares 100 kB, sends its first 1000 bytes, and then waits. */
function slowUpload(url: string, token: string): ClientRequest {
  const req = httpRequest(`${url}/api/avatar`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'content-length': '100000',
    },
  });
  req.on('error', () => {}); // cut off by the test
  req.write(Buffer.alloc(1000, 1));
  return req;
}

/** Waits until `dir` holds `count` files (uploads being received), for at most 5 s. */
async function filesIn(dir: string, count: number): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const names = (() => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    })();
    if (names.length === count) return;
    await sleep(20);
  }
  throw new Error(`${dir} never held ${count} files`);
}

describe('avatar uploads at once, server-wide', () => {
  it(`takes ${AVATAR_UPLOADS_AT_ONCE} from different people; the next waits for one to end`, async () => {
    const dataDir = tempDir();
    const names = Array.from({ length: AVATAR_UPLOADS_AT_ONCE + 1 }, (_, i) => `user${i}`);
    const { url, people: everyone } = await people(names, { dataDir });
    const last = everyone[AVATAR_UPLOADS_AT_ONCE]!;
    const tmp = join(dataDir, 'avatars', 'tmp');
    const slow = everyone
      .slice(0, AVATAR_UPLOADS_AT_ONCE)
      .map((person) => slowUpload(url, person.pair.token));
    try {
      await filesIn(tmp, AVATAR_UPLOADS_AT_ONCE);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
        .png()
        .toBuffer();
      const post = () =>
        fetch(`${url}/api/avatar`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${last.pair.token}`,
            'content-type': 'application/octet-stream',
          },
          body: png,
        });
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
        code: 'rate_limited',
        retryAfterMs: 2000,
      });
      expect(refused.headers.get('retry-after')).toBe('2');

      // One upload ends (cut off): its place is free again.
      slow[0]!.destroy();
      await filesIn(tmp, AVATAR_UPLOADS_AT_ONCE - 1);
      const taken = await post();
      expect(taken.status).toBe(200);
      expect(((await taken.json()) as { user: Profile }).user.avatar).toMatch(
        /^[A-Za-z0-9_-]{22}$/,
      );
    } finally {
      for (const req of slow) req.destroy();
    }
  });
});
