import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { slots } from '../../server/storage/postgres/pg-file-slots.js';
import { openPostgresStore } from '../../server/storage/postgres/pg-store.js';
import { sleep, tempDir } from './helpers.js';
import { tempFile, usePostgres } from './pg-file-helpers.js';

const services = usePostgres();

describe('turns for file work', () => {
  it('runs at most `size` at once, in order, and refuses past the queue or the wait', async () => {
    const turn = slots({ size: 2, maxWaiting: 2, waitMs: 200 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (n: number, ms: number) =>
      turn(async () => {
        most = Math.max(most, ++running);
        await sleep(ms);
        order.push(n);
        running--;
        return n;
      });
    // Two run, two wait; the fifth finds the queue full.
    const jobs = [job(1, 50), job(2, 50), job(3, 10), job(4, 10)];
    await expect(job(5, 10)).rejects.toMatchObject({ code: 'unavailable' });
    expect(await Promise.all(jobs)).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(order.slice(2).sort()).toEqual([3, 4]);
    // A call that waits past `waitMs` is refused, and its place in the queue is given up.
    const slow = [job(6, 400), job(7, 400)];
    await expect(job(8, 10)).rejects.toMatchObject({ code: 'unavailable' });
    await Promise.all(slow);
    expect(await job(9, 1)).toBe(9);
    expect(running).toBe(0);
  });
});

describe('file work on PostgreSQL', () => {
  it('ends a put waiting on another node when the store closes, rather than hang', async () => {
    const url = await services.postgres.createDatabase();
    const store = await openPostgresStore(url);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      const bytes = randomBytes(1000);
      const first = tempFile(bytes);
      await store.blobs!.put(first.path, first.sha);
      // Another node's put of the same blob, still writing: it holds the blob's row.
      await raw.query('BEGIN');
      await raw.query('SELECT 1 FROM blobs WHERE sha256 = $1 FOR UPDATE', [first.sha]);
      const again = tempFile(bytes);
      const put = store.blobs!.put(again.path, again.sha);
      put.catch(() => {});
      await sleep(300); // it waits on the lock now
      const closed = Promise.race([
        store.close().then(() => 'closed'),
        sleep(5_000).then(() => 'hung'),
      ]);
      expect(await closed).toBe('closed');
      await expect(put).rejects.toThrow();
    } finally {
      await raw.end();
    }
  });

  it('refuses a flood of avatar reads past their queue, then serves avatars again', async () => {
    const url = await services.postgres.createDatabase();
    const store = await openPostgresStore(url);
    try {
      const image = join(tempDir(), 'avatar.webp');
      writeFileSync(image, 'not really webp');
      const key = await store.avatarImages!.put(image);
      // Made-up keys, as anyone may ask for without a login: 1 read runs, 64 wait, the rest are
      // refused at once.
      const flood = Array.from({ length: 200 }, (_, i) =>
        store.avatarImages!.read(`${String(i).padStart(3, '0')}${'x'.repeat(19)}`).then(
          (found) => (found ? 'found' : 'none'),
          (error: { code?: string }) => error.code ?? 'error',
        ),
      );
      const outcomes = await Promise.all(flood);
      expect(outcomes.filter((o) => o === 'none')).toHaveLength(65);
      expect(outcomes.filter((o) => o === 'unavailable')).toHaveLength(135);
      // The queue drained: a real avatar is served again.
      const found = await store.avatarImages!.read(key);
      expect(found && (await text(found.stream))).toBe('not really webp');
    } finally {
      await store.close();
    }
  });

  it('gives downloads turns of their own: a flood is refused past its queue, uploads go on', async () => {
    const url = await services.postgres.createDatabase();
    const store = await openPostgresStore(url);
    try {
      const kept = tempFile(randomBytes(1000));
      await store.blobs!.put(kept.path, kept.sha);
      // 300 downloads opened at once: 1 reads, 256 wait, the rest are refused at once.
      const flood = Array.from({ length: 300 }, () =>
        store.blobs!.createReadStream(kept.sha).then(
          ({ stream }) => (stream.destroy(), 'opened'),
          (error: { code?: string }) => error.code ?? 'error',
        ),
      );
      const upload = tempFile(randomBytes(2000));
      await store.blobs!.put(upload.path, upload.sha);
      const outcomes = await Promise.all(flood);
      expect(outcomes.filter((o) => o === 'opened')).toHaveLength(257);
      expect(outcomes.filter((o) => o === 'unavailable')).toHaveLength(43);
      expect(await store.blobs!.has(upload.sha)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
