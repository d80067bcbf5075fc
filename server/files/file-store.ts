import { chmod, copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file bytes live, named by their SHA-256 (content-addressed): identical uploads share one
 * blob. An interface so that a cluster can put blobs on shared storage later; the server only
 * ever names blobs by hash, never by anything a client chose.
 */
export interface FileStore {
  /**
   * Moves the finished local file at `from` into the store as blob `sha256` (the caller hashed
   * it). When the blob exists already with the same size, `from` is simply removed; with another
   * size (torn by a crash) `from` replaces it, atomically.
   */
  put(from: string, sha256: string): Promise<void>;
  /** Opens a blob for reading; rejects (ENOENT) when there is none. */
  createReadStream(sha256: string): Promise<{ stream: Readable; size: number }>;
  /** Removes a blob; nothing happens when there is none. */
  delete(sha256: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /**
   * Up to `limit` blobs in hash order, after `after` (from the first when undefined), with when
   * each was last written: for finding blobs that no file names (FileService.prune). A blob's
   * unfinished copy (a crash during put) is listed right after it, as `partial`: it is never a
   * blob, only something to delete with {@link FileStore.deletePartial} once it is old.
   */
  list(after: string | undefined, limit: number): Promise<ListedBlob[]>;
  /** Removes the unfinished copy of blob `sha256`, if there is one. */
  deletePartial(sha256: string): Promise<void>;
}

/** One entry of {@link FileStore.list}. */
export interface ListedBlob {
  sha256: string;
  mtimeMs: number;
  /** An unfinished copy of the blob, not the blob. */
  partial?: true;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** A blob's name, or the name of its unfinished copy (see DiskFileStore.put). */
const LISTED = /^([0-9a-f]{64})(\.part)?$/;

/**
 * The blob's bytes reach the disk before its row is committed and the upload acknowledged, as a
 * message does: after a power cut a row never names an empty or torn blob. It also keeps the
 * upload's dirty pages from piling up until the database's own fsync (synchronous=FULL, on the
 * event loop) has to wait for them. On libuv's pool, off the event loop.
 */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename into `folder` durable. Windows cannot open a folder: NTFS journals it. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A blob's name is always 64 hex digits: no path, no dots, nothing a client could steer. */
function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new TypeError('not a SHA-256 hex digest');
  return sha256;
}

/**
 * Blobs on the local disk: `<root>/<first two hex digits>/<sha256>`, files mode 0600 in folders
 * mode 0700. The fan-out keeps any one folder small. Back the whole `root` up with the database.
 */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(sha256: string): string {
    return join(this.root, checked(sha256).slice(0, 2), sha256);
  }

  async put(from: string, sha256: string): Promise<void> {
    const to = this.path(sha256);
    // The caller holds the blob's lock: nobody else writes it meanwhile. An existing blob of
    // another size than this file of the same hash was torn (by a crash before blobs were
    // synced): the rename below puts the whole one over it, readers see one or the other.
    const existing = await stat(to).catch(() => undefined);
    if (existing?.isFile() && existing.size === (await stat(from)).size) {
      await rm(from, { force: true });
      return;
    }
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(from, 0o600);
    try {
      // Atomic: a reader sees the whole blob or none; the temp folder is on the same disk.
      await syncFile(from);
      await rename(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // Left behind by a crash here, the .part file is swept once old (FileService.prune).
      await copyFile(from, `${to}.part`);
      await syncFile(`${to}.part`);
      await rename(`${to}.part`, to);
      await rm(from, { force: true });
    }
    await syncFolder(folder);
  }

  async createReadStream(sha256: string): Promise<{ stream: Readable; size: number }> {
    // Opened first, so that a missing blob rejects here rather than in the middle of a response.
    const handle = await open(this.path(sha256), 'r');
    try {
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  async deletePartial(sha256: string): Promise<void> {
    await rm(`${this.path(sha256)}.part`, { force: true });
  }

  async list(after: string | undefined, limit: number): Promise<ListedBlob[]> {
    const found: ListedBlob[] = [];
    const names = (dir: string) => readdir(dir).catch(() => [] as string[]);
    const folders = (await names(this.root)).filter((name) => /^[0-9a-f]{2}$/.test(name)).sort();
    for (const folder of folders) {
      if (after !== undefined && folder < after.slice(0, 2)) continue;
      // '<hash>.part' sorts right after '<hash>', and after `after` when that is its hash.
      const inside = (await names(join(this.root, folder)))
        .filter((name) => LISTED.test(name) && name.startsWith(folder))
        .filter((name) => after === undefined || name > after)
        .sort();
      for (const name of inside) {
        const [, sha256 = '', partial] = LISTED.exec(name) ?? [];
        // Gone meanwhile (pruned), or not a file: nothing to sweep.
        const info = await stat(join(this.root, folder, name)).catch(() => undefined);
        if (info?.isFile())
          found.push(
            partial
              ? { sha256, mtimeMs: info.mtimeMs, partial: true }
              : { sha256, mtimeMs: info.mtimeMs },
          );
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch {
      return false;
    }
  }
}
