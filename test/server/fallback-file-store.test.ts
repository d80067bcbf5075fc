import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { withLocalFallback } from '../../server/files/fallback-file-store.js';
import { DiskFileStore } from '../../server/files/file-store.js';
import { tempDir } from './helpers.js';

/** A temp file holding `content`, and its SHA-256, as an upload leaves them. */
function upload(content: string): { path: string; sha: string } {
  const path = join(tempDir(), 'upload');
  writeFileSync(path, content);
  return { path, sha: createHash('sha256').update(content).digest('hex') };
}

describe('a shared blob store with the node’s folder behind it', () => {
  it('reads old blobs from the folder, stores new ones in the shared store, deletes in both', async () => {
    const shared = new DiskFileStore(tempDir());
    const local = new DiskFileStore(tempDir());
    const store = withLocalFallback(shared, local);
    const old = upload('from before the move');
    await local.put(old.path, old.sha);
    expect(await text((await store.createReadStream(old.sha)).stream)).toBe('from before the move');
    expect(await store.has(old.sha)).toBe(true);

    const fresh = upload('after the move');
    await store.put(fresh.path, fresh.sha);
    expect(await shared.has(fresh.sha)).toBe(true);
    expect(await local.has(fresh.sha)).toBe(false);
    expect((await store.list(undefined, 10)).map((blob) => blob.sha256)).toEqual([fresh.sha]);

    await store.delete(old.sha);
    expect(await local.has(old.sha)).toBe(false);
    await expect(store.createReadStream(old.sha)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
