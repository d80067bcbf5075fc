import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../server/files/file-store.js';
import { openPostgresStore } from '../../server/storage/postgres/pg-store.js';
import { tempFile, usePostgres } from './pg-file-helpers.js';

const services = usePostgres();

async function readAll(blobs: FileStore, sha: string): Promise<Buffer> {
  const { stream } = await blobs.createReadStream(sha);
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Two nodes' stores on one database, and a plain client to look underneath. */
async function twoStores() {
  const url = await services.postgres.createDatabase();
  const [a, b] = [await openPostgresStore(url), await openPostgresStore(url)];
  const raw = new pg.Pool({ connectionString: url });
  return {
    a: a.blobs!,
    b: b.blobs!,
    raw,
    close: () => Promise.all([a.close(), b.close(), raw.end()]),
  };
}

describe('blobs in PostgreSQL', () => {
  it('keeps a blob of several chunks whole, read back from another node', async () => {
    const { a, b, close } = await twoStores();
    try {
      const bytes = randomBytes(2.5 * 1024 * 1024);
      const { path, sha } = tempFile(bytes);
      await a.put(path, sha);
      expect(existsSync(path)).toBe(false); // moved into the store, as on disk
      expect(await b.has(sha)).toBe(true);
      const { size, stream } = await b.createReadStream(sha);
      stream.destroy();
      expect(size).toBe(bytes.length);
      expect((await readAll(b, sha)).equals(bytes)).toBe(true);
      expect(await b.list(undefined, 10)).toEqual([{ sha256: sha, mtimeMs: expect.any(Number) }]);
      expect(await b.list(sha, 10)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('takes the same blob from two nodes at once, and replaces a torn one', async () => {
    const { a, b, raw, close } = await twoStores();
    try {
      const bytes = randomBytes(1.5 * 1024 * 1024);
      const [one, two] = [tempFile(bytes), tempFile(bytes)];
      await Promise.all([a.put(one.path, one.sha), b.put(two.path, two.sha)]);
      expect((await readAll(a, one.sha)).equals(bytes)).toBe(true);
      const rows = await raw.query('SELECT count(*)::int AS n FROM blob_chunks');
      expect(rows.rows[0].n).toBe(6); // one blob, in rows of 256 KiB
      // A blob of the wrong size under this hash (torn) is replaced by the whole one.
      await raw.query(`DELETE FROM blob_chunks WHERE seq = 1`);
      await raw.query(`UPDATE blobs SET size = 1024, chunks = 1`);
      const again = tempFile(bytes);
      await b.put(again.path, again.sha);
      expect((await readAll(a, one.sha)).equals(bytes)).toBe(true);
    } finally {
      await close();
    }
  });

  it('deletes only a blob not written lately; a missing blob rejects as ENOENT', async () => {
    const { a, b, raw, close } = await twoStores();
    try {
      const { path, sha } = tempFile(Buffer.from('hello'));
      await a.put(path, sha);
      // Just written: another node's upload may be about to name it.
      await b.delete(sha);
      expect(await a.has(sha)).toBe(true);
      // A re-put of the same bytes marks it as just written again.
      await raw.query('UPDATE blobs SET written_at = 0');
      const same = tempFile(Buffer.from('hello'));
      await b.put(same.path, same.sha);
      await a.delete(sha);
      expect(await text((await a.createReadStream(sha)).stream)).toBe('hello');
      await raw.query('UPDATE blobs SET written_at = 0');
      await a.delete(sha);
      expect(await b.has(sha)).toBe(false);
      await expect(b.createReadStream(sha)).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await raw.query('SELECT count(*)::int AS n FROM blob_chunks')).rows[0].n).toBe(0);
      await expect(a.has('../etc/passwd')).rejects.toThrow(TypeError);
    } finally {
      await close();
    }
  });

  // Each put holds a file connection for its whole transaction; were every connection taken by
  // puts waiting on one another (here, on another node's lock), downloads would stall.
  it('leaves downloads room while puts wait for another node', async () => {
    const { a, raw, close } = await twoStores();
    const holder = await raw.connect();
    try {
      const kept = tempFile(randomBytes(300 * 1024));
      await a.put(kept.path, kept.sha);
      const bytes = randomBytes(1000);
      const first = tempFile(bytes);
      await a.put(first.path, first.sha);
      // Another node's put of the same blob, still writing: it holds the blob's row.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM blobs WHERE sha256 = $1 FOR UPDATE', [first.sha]);
      const puts = [1, 2, 3, 4, 5].map(() => {
        const again = tempFile(bytes);
        return a.put(again.path, again.sha);
      });
      const stalled = new Promise<'stalled'>((resolve) => setTimeout(resolve, 5_000, 'stalled'));
      const read = await Promise.race([readAll(a, kept.sha), stalled]);
      expect(read).toBeInstanceOf(Buffer);
      expect((read as Buffer).length).toBe(300 * 1024);
      await holder.query('COMMIT');
      await Promise.all(puts);
      expect((await readAll(a, first.sha)).equals(bytes)).toBe(true);
    } finally {
      holder.release();
      await close();
    }
  });
});
