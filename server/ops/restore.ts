import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../storage/sqlite/migrations.js';
import {
  BACKUP_FORMAT,
  DB_ENTRY,
  MANIFEST_ENTRY,
  entryProblem,
  type Manifest,
} from './archive-layout.js';

/** Largest total size an archive may unpack to: 1 TiB, against a decompression bomb. */
const MAX_UNPACKED_BYTES = 2 ** 40;

/**
 * Restores a backup made by `backupDataDir` into `dataDir`, which must be empty or missing (a
 * restore never mixes with or replaces a live server's data). The archive is listed first and
 * refused whole if any entry is not a plain file or folder of the backup layout (no absolute
 * path, no `..`, no symlink or hard link); extraction checks each entry again, with tar's
 * `strict` mode. Folders get mode 0700 and files 0600. Finally the database must open and pass
 * `PRAGMA integrity_check`, and its schema must not be newer than this build's. On any failure
 * the data dir is emptied again.
 */
export async function restoreDataDir(archive: string, dataDir: string): Promise<void> {
  if (!existsSync(archive)) throw new Error(`no backup at ${archive}`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if ((await readdir(dataDir)).length > 0)
    throw new Error(`${dataDir} is not empty: restore only into an empty or new data dir`);
  const problems = await listProblems(archive);
  if (problems.length > 0) throw new Error(`refusing this archive: ${problems.join('; ')}`);
  // Before anything is written: a data dir someone else made may be readable by others.
  if (process.platform !== 'win32') await chmod(dataDir, 0o700);
  try {
    const late: string[] = [];
    const { extract } = await import('tar'); // loaded when used, like backup.ts
    await extract({
      file: archive,
      cwd: dataDir,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      unlink: true,
      filter: (path, entry) => {
        const problem = 'type' in entry ? entryProblem(path, entry.type) : 'not an entry';
        if (problem) late.push(problem);
        return problem === undefined;
      },
    });
    if (late.length > 0) throw new Error(`refusing this archive: ${late.join('; ')}`);
    await lockDown(dataDir);
    await checkRestored(dataDir);
  } catch (error) {
    await empty(dataDir);
    throw error;
  }
}

/** Every reason to refuse the archive, found by reading its headers only. */
async function listProblems(archive: string): Promise<string[]> {
  const problems: string[] = [];
  let total = 0;
  const seen = new Set<string>();
  const { list } = await import('tar');
  await list({
    file: archive,
    strict: true,
    onReadEntry: (entry) => {
      const problem = entryProblem(entry.path, entry.type);
      if (problem) problems.push(problem);
      seen.add(entry.path);
      total += entry.size ?? 0;
    },
  });
  for (const needed of [DB_ENTRY, MANIFEST_ENTRY])
    if (!seen.has(needed)) problems.push(`no ${needed} in the archive`);
  if (total > MAX_UNPACKED_BYTES) problems.push('it unpacks to more than 1 TiB');
  return problems;
}

/** Modes 0700 for folders and 0600 for files, whatever the archive said. */
async function lockDown(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  await chmod(dir, 0o700);
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.isDirectory()) await lockDown(path);
    else await chmod(path, 0o600);
  }
}

async function checkRestored(dataDir: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dataDir, MANIFEST_ENTRY), 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT)
    throw new Error(`backup format ${String(manifest.format)} is not one this build reads`);
  const db = new Database(join(dataDir, DB_ENTRY), { fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the restored database is damaged: ${String(check)}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(
        `the backup's database schema (${version}) is newer than this server understands (${SCHEMA_VERSION}): restore it with a newer Parley`,
      );
  } finally {
    db.close();
  }
  // The manifest described the archive; the data dir does not need it.
  await rm(join(dataDir, MANIFEST_ENTRY), { force: true });
}

/** Removes everything inside `dir` (which was empty before the restore began). */
async function empty(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) {
    await rm(join(dir, name), { recursive: true, force: true });
  }
}
