import { existsSync } from 'node:fs';
import { chmod, cp, lstat, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import Database from 'better-sqlite3';
import {
  BACKUP_FORMAT,
  DB_ENTRY,
  MANIFEST_ENTRY,
  SKIPPED_TREES,
  TLS_FILES,
  TREES,
  type Manifest,
} from './archive-layout.js';

/**
 * `parley-backup-2026-12-02T11-28-03Z.tar.gz`: ISO 8601 time in UTC, with `-` for `:` (which
 * Windows does not allow in file names) and no milliseconds.
 */
export function backupFileName(at: number): string {
  const iso = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `parley-backup-${iso.replaceAll(':', '-')}.tar.gz`;
}

/** What a finished backup wrote. */
export interface BackupResult {
  /** The archive's absolute path. */
  file: string;
  bytes: number;
  /** When the database snapshot was taken (ms since the epoch). */
  at: number;
}

/** Pages per step (4 MiB at 4 KiB a page): the event loop runs between steps. */
const PAGES_PER_STEP = 1024;

/**
 * Backs up a data dir, while a server may be running on it, into one `.tar.gz` at `outFile`
 * (mode 0600; an existing file there is refused). The database goes through SQLite's online
 * backup API on a read-only connection that holds one read transaction for the whole copy: every
 * step reads the same snapshot, as of when the backup began, and (in WAL mode) the server's
 * writes go on meanwhile. Without that transaction SQLite would start the copy over whenever the
 * server committed between two steps, and a busy server might never let it finish. Steps are
 * small, so the caller's event loop (the desktop app's main process) keeps running.
 * Files, avatars and the TLS certificate are copied after the snapshot: blobs are content-named
 * and renamed into place only when complete, so every file the snapshot names is there (a file
 * deleted in between is the exception). Staging goes next to `outFile`, on its file system.
 */
export async function backupDataDir(dataDir: string, outFile: string): Promise<BackupResult> {
  const source = join(dataDir, DB_ENTRY);
  if (!existsSync(source)) throw new Error(`no Parley database in ${dataDir}`);
  if (existsSync(outFile)) throw new Error(`${outFile} exists already; choose another name`);
  const stage = await mkdtemp(join(dirname(outFile), '.parley-backup-'));
  const partial = join(dirname(outFile), `.${basename(outFile)}.partial`);
  try {
    const at = Date.now();
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_master').get(); // takes the snapshot now
      await db.backup(join(stage, DB_ENTRY), { progress: () => PAGES_PER_STEP });
      db.exec('COMMIT');
    } finally {
      db.close();
    }
    const copy = new Database(join(stage, DB_ENTRY), { readonly: true });
    const schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    copy.close();
    const entries = [DB_ENTRY, MANIFEST_ENTRY];
    for (const tree of TREES) if (await copyTree(dataDir, stage, tree)) entries.push(tree);
    for (const name of TLS_FILES) {
      if (!existsSync(join(dataDir, name))) continue;
      await cp(join(dataDir, name), join(stage, name));
      entries.push(name);
    }
    const manifest: Manifest = { format: BACKUP_FORMAT, schemaVersion, createdAt: at };
    await writeFile(join(stage, MANIFEST_ENTRY), JSON.stringify(manifest));
    // tar loads here, not with the server (which imports this module for scheduled backups).
    const { create: createTar } = await import('tar');
    await createTar(
      { gzip: true, portable: true, cwd: stage, file: partial, mode: 0o600 },
      entries,
    );
    await chmod(partial, 0o600);
    await syncFile(partial);
    await rename(partial, outFile);
    await syncFile(dirname(outFile)).catch(() => undefined); // not every platform syncs folders
    return { file: outFile, bytes: (await stat(outFile)).size, at };
  } finally {
    await rm(stage, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

/** Copies `<from>/<tree>` into `<to>/<tree>` if there is one: plain files and folders only. */
async function copyTree(from: string, to: string, tree: string): Promise<boolean> {
  const root = join(from, tree);
  if (!existsSync(root)) return false;
  const skipped = SKIPPED_TREES.map((tree) => join(from, ...tree.split('/')));
  await cp(root, join(to, tree), {
    recursive: true,
    verbatimSymlinks: true,
    filter: async (path) => {
      if (skipped.some((dir) => path === dir || path.startsWith(dir + sep))) return false;
      // lstat: a symlink is not followed out of the data dir; gone since listed: skipped.
      const info = await lstat(path).catch(() => undefined);
      return info !== undefined && (info.isFile() || info.isDirectory());
    },
  });
  return true;
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
