import { posix } from 'node:path';

/**
 * What a backup archive holds, shared by backup.ts (which writes exactly this) and restore.ts
 * (which refuses anything else). Paths are relative to the data dir, with `/` separators.
 *
 * Kept out on purpose: `jwt-secret` (access tokens live 15 minutes and refresh tokens are kept
 * hashed in the database, so after a restore each client refreshes once and nobody is signed
 * out, while the archive stays less sensitive) and `setup-code` (a one-time code that must
 * never outlive the owner's creation).
 */

/** The database snapshot (SQLite's online backup, not a copy of the live file). */
export const DB_ENTRY = 'parley.db';
/** `{ format, schemaVersion, createdAt }`, so that restore knows what it is reading. */
export const MANIFEST_ENTRY = 'parley-backup.json';
/** The archive format restore understands. */
export const BACKUP_FORMAT = 1;
/** Folders copied as they are (files: the blob store, minus its `tmp/` of unfinished uploads). */
export const TREES = ['files', 'avatars'] as const;
/**
 * The self-signed TLS certificate and key (server/tls/self-signed.ts). Kept so that a restored
 * server shows the same fingerprint, which clients have pinned: a new one would make every
 * client warn, and teach people to accept a changed fingerprint. This makes the archive as
 * secret as the key: it is written with mode 0600 (and the database's password and refresh-token
 * hashes need that anyway).
 */
export const TLS_FILES = ['tls-cert.pem', 'tls-key.pem'] as const;
/** In-flight uploads and avatars being processed: never complete, never backed up. */
export const SKIPPED_TREES = ['files/tmp', 'avatars/tmp'] as const;

export interface Manifest {
  format: number;
  schemaVersion: number;
  createdAt: number;
}

/**
 * Why an archive entry may not be restored, or undefined when it may: only plain files and
 * folders, with relative, normalised paths inside the layout above (no `..`, no absolute path,
 * no backslash or NUL that another platform would read differently).
 */
export function entryProblem(path: string, type: string): string | undefined {
  if (type !== 'File' && type !== 'OldFile' && type !== 'Directory')
    return `${path}: a ${type} entry (only files and folders are restored)`;
  const clean = path.replace(/\/+$/, '');
  if (clean === '' || /[\\\0]/.test(clean) || posix.isAbsolute(clean))
    return `${path}: not a relative path`;
  if (posix.normalize(clean) !== clean || clean.split('/').includes('..'))
    return `${path}: not a normalised path inside the data dir`;
  const top = clean.split('/')[0] ?? '';
  const known =
    clean === DB_ENTRY ||
    clean === MANIFEST_ENTRY ||
    (TLS_FILES as readonly string[]).includes(clean) ||
    (TREES as readonly string[]).includes(top);
  if (!known) return `${path}: not part of a Parley backup`;
  if (type === 'Directory' && !(TREES as readonly string[]).includes(top))
    return `${path}: expected a file`;
  return undefined;
}
