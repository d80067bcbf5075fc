import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** An avatar key: 22 characters of base64url (128 random bits). Anything else names no file. */
export const AVATAR_KEY = /^[A-Za-z0-9_-]{22}$/;

/** A fresh, unguessable avatar key: new on every change, so the image can be cached for ever. */
export const newAvatarKey = (): string => randomBytes(16).toString('base64url');

/** Where finished avatar images live, by key: the data dir's folder, or a shared database. */
export interface AvatarImageStore {
  /** Stores the finished image at `temp` (left for the caller to remove) under a new key. */
  put(temp: string): Promise<string>;
  /** The image of `key`, or undefined when there is none (or the key is malformed). */
  read(key: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** Every image, with when it was written: for the sweep of images no account names. */
  list(): Promise<Array<{ key: string; mtimeMs: number }>>;
  /** Deletes the image of `key`, if there is one. */
  remove(key: string | null): Promise<void>;
}

/**
 * The avatar images of a server: `<dataDir>/avatars/<key>.webp` (folder 0700, files 0600), and
 * `avatars/tmp` for uploads and images being made. A finished image is flushed to disk before it
 * is renamed into place, so a crash never leaves a torn image under a key the database names.
 * With `shared`, finished images are kept there (images from before are still read from, and
 * deleted in, the folder), and only the temp folder is on this disk.
 */
export class AvatarFiles implements AvatarImageStore {
  readonly tempDir: string;
  private opened: Promise<unknown> | undefined;

  constructor(
    readonly dir: string,
    /** Where finished images go instead of `dir` (a networked store's, shared by every node). */
    private readonly shared?: AvatarImageStore,
  ) {
    this.tempDir = join(dir, 'tmp');
  }

  /**
   * Makes the folders, once. Temp files left by a crash are removed then: nothing else writes
   * there, and nothing is in flight before the first upload.
   */
  open(): Promise<unknown> {
    return (this.opened ??= (async () => {
      await mkdir(this.tempDir, { recursive: true, mode: 0o700 });
      for (const name of await readdir(this.tempDir))
        await rm(join(this.tempDir, name), { force: true });
    })());
  }

  /** Where the image of `key` lives (the key must match {@link AVATAR_KEY}). */
  path(key: string): string {
    return join(this.dir, `${key}.webp`);
  }

  async read(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    if (!AVATAR_KEY.test(key)) return undefined;
    // An image from before the move to a shared store is still in the folder.
    const shared = await this.shared?.read(key);
    if (shared) return shared;
    // Opened first, so that a missing image is known before anything is answered.
    const handle = await open(this.path(key), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      return { stream: handle.createReadStream(), size: (await handle.stat()).size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Moves a finished image from a temp path to a new key's place (0600, fsync'd); its key. */
  async put(temp: string): Promise<string> {
    if (this.shared) return this.shared.put(temp);
    await chmod(temp, 0o600);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const key = newAvatarKey();
    await rename(temp, this.path(key));
    await syncDir(this.dir);
    return key;
  }

  /**
   * The images there are (not `tmp`, nor any name that is not `<key>.webp`), with when each was
   * last written: for the sweep of images no account names (Avatars.sweep).
   */
  async list(): Promise<Array<{ key: string; mtimeMs: number }>> {
    if (this.shared) return this.shared.list();
    const found: Array<{ key: string; mtimeMs: number }> = [];
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const key = name.endsWith('.webp') ? name.slice(0, -'.webp'.length) : '';
      if (!AVATAR_KEY.test(key)) continue;
      // Gone meanwhile, or not a file: nothing to sweep.
      const info = await stat(this.path(key)).catch(() => undefined);
      if (info?.isFile()) found.push({ key, mtimeMs: info.mtimeMs });
    }
    return found;
  }

  /** Deletes the image of `key`, if there is one. */
  async remove(key: string | null): Promise<void> {
    await this.shared?.remove(key);
    if (key !== null && AVATAR_KEY.test(key)) await rm(this.path(key), { force: true });
  }
}

/** Flushes a folder's entries (the rename), where the platform can; Windows cannot open one. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
