import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresService } from '../services/postgres.js';
import { tempDir } from './helpers.js';

/**
 * One private PostgreSQL for the test file, started before its tests and stopped after; the
 * object is filled in once they run (read it inside tests).
 */
export function usePostgres(): { postgres: PostgresService } {
  const holder = {} as { postgres: PostgresService };
  beforeAll(async () => {
    holder.postgres = await startPostgres();
  }, 60_000);
  afterAll(() => holder.postgres?.stop());
  return holder;
}

/** A temp file holding `bytes`, and the bytes' SHA-256, as an upload leaves them. */
export function tempFile(bytes: Buffer): { path: string; sha: string } {
  const path = join(tempDir(), 'upload');
  writeFileSync(path, bytes);
  return { path, sha: createHash('sha256').update(bytes).digest('hex') };
}
