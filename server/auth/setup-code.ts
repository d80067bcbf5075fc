import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one-time code that creating a server's owner needs, as Jenkins' initial admin password: made
 * on first start, kept in the data dir until the owner exists, printed for whoever started the
 * server. Someone else on the network who finds the fresh server cannot make themselves its owner.
 */

/** The code's file name inside the data directory. */
export const SETUP_CODE_FILE = 'setup-code';

/** Crockford's base32: no I, L, O or U, so nothing reads as something else. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Four groups of four: 80 random bits, typed from a console in a few seconds. */
const SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** A fresh code, `XXXX-XXXX-XXXX-XXXX`. */
export function newSetupCode(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** What people may type differently from what was printed: case, spaces, dashes, O for 0, I or L for 1. */
function canonical(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Whether `candidate` is `expected`, in constant time: both sides are hashed first, so neither
 * the comparison nor its length says how much of a guess was right.
 */
export function setupCodeMatches(expected: string, candidate: string | undefined): boolean {
  const digest = (code: string) => createHash('sha256').update(canonical(code)).digest();
  const same = timingSafeEqual(digest(expected), digest(candidate ?? ''));
  return same && candidate !== undefined;
}

/** The code kept in `file`, if it is there, well-formed and readable by its owner only. */
function readUsable(file: string): string | undefined {
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) return undefined;
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return SHAPE.test(text) ? text : undefined;
}

/**
 * Returns the code kept in `dataDir`, making one when there is none. The file is created with
 * mode 0600, exclusively; one that others could read (or that is malformed) is replaced, since
 * its code may have been seen.
 */
export function loadOrCreateSetupCode(dataDir: string): string {
  const file = join(dataDir, SETUP_CODE_FILE);
  const kept = readUsable(file);
  if (kept) return kept;
  rmSync(file, { force: true });
  const code = newSetupCode();
  try {
    writeFileSync(file, `${code}\n`, { mode: 0o600, flag: 'wx' });
    return code;
  } catch (error) {
    // Another server starting on the same data dir wrote it first: use theirs.
    const theirs = (error as NodeJS.ErrnoException).code === 'EEXIST' && readUsable(file);
    if (theirs) return theirs;
    throw error;
  }
}

/** Removes the code's file: the owner exists, and the code must not work again. */
export function removeSetupCode(dataDir: string): void {
  rmSync(join(dataDir, SETUP_CODE_FILE), { force: true });
}
