import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useClusterServices } from '../services/cluster-services.js';
import { askUrls, download, png, sendFiles, uploaded } from './file-helpers.js';
import { connect, register, startServer } from './helpers.js';

const services = useClusterServices();

describe('files across nodes on PostgreSQL', () => {
  it('serves from every node a file and an avatar uploaded through one', async () => {
    const shared = {
      database: await services.postgres.createDatabase(),
      jwtSecret: randomUUID() + randomUUID(),
      redis: services.redis.url,
    };
    // Each node has a data dir of its own, as on separate machines.
    const a = await startServer(shared);
    const b = await startServer(shared);
    expect(a.dataDir).not.toBe(b.dataDir);
    await register(a.url, 'own', { setupCode: await a.server.setupCode() });
    const ann = await register(a.url, 'ann');
    const bob = await register(b.url, 'bob');
    const bytes = randomBytes(300_000);
    const file = await uploaded(a.url, ann.token, bytes, 'report.bin');
    await sendFiles(await connect(a.url, ann.token), [file.id]);
    const asked = await askUrls(await connect(b.url, bob.token), [file.id]);
    const fetched = await download(b.url, asked.urls[0]!.downloadUrl);
    expect(fetched.status).toBe(200);
    expect(fetched.bytes.equals(bytes)).toBe(true);

    // An avatar set through node A is served by node B; a new one replaces it on both.
    const setAvatar = async () => {
      const answer = await fetch(`${a.url}/api/avatar`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'image/png' },
        body: await png(64, 64),
      });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { user: { avatar: string } }).user.avatar;
    };
    const first = await setAvatar();
    const image = await download(b.url, `/avatars/${first}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.bytes.subarray(8, 12).toString()).toBe('WEBP');
    const second = await setAvatar();
    expect((await download(b.url, `/avatars/${second}`)).status).toBe(200);
    expect((await download(b.url, `/avatars/${first}`)).status).toBe(404);
  });
});
