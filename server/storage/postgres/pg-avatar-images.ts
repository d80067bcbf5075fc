import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { AVATAR_KEY, newAvatarKey, type AvatarImageStore } from '../../people/avatar-files.js';
import { NOW_MS } from './pg-blob-write.js';
import { slots, type SlotLimits } from './pg-file-slots.js';
import { one } from './pg-pool.js';

/**
 * Avatar images in PostgreSQL, so that every node serves every avatar. Each is a 256 px WebP of
 * a few KiB (people/images.ts), one row, written once under a fresh key and never changed.
 * Every read takes a turn of `readers`: reads need no login, and a flood of them (made-up keys)
 * is refused `unavailable` once the queue is full, never taking the downloads' connections.
 * Nothing is kept in memory: one indexed row per read is cheap, browsers keep the images (they
 * are served immutable), and a removed image must stop being served on every node at once.
 */
export function pgAvatarImages(pool: pg.Pool, readers: SlotLimits): AvatarImageStore {
  const reading = slots(readers);
  return {
    async put(temp) {
      const key = newAvatarKey();
      // The database's clock, as for blobs: one clock for every node's sweep.
      await pool.query(
        `INSERT INTO avatar_images (key, data, written_at) VALUES ($1, $2, ${NOW_MS})`,
        [key, await readFile(temp)],
      );
      return key;
    },
    async read(key) {
      if (!AVATAR_KEY.test(key)) return undefined;
      const row = await reading(() =>
        one<{ data: Buffer }>(pool, 'SELECT data FROM avatar_images WHERE key = $1', [key]),
      );
      return row && { stream: Readable.from([row.data]), size: row.data.length };
    },
    async list() {
      const rows = await pool.query<{ key: string; written_at: number }>(
        'SELECT key, written_at FROM avatar_images',
      );
      return rows.rows.map((row) => ({ key: row.key, mtimeMs: row.written_at }));
    },
    async remove(key) {
      if (key === null || !AVATAR_KEY.test(key)) return;
      await pool.query('DELETE FROM avatar_images WHERE key = $1', [key]);
    },
  };
}
