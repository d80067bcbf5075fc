import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readableByOthers } from '../private-file.js';

/** The secret's file name inside the data directory. */
export const SECRET_FILE = 'jwt-secret';

/**
 * Returns the HS256 secret kept in `dataDir`, making 32 random bytes on first start.
 * The file is created with mode 0600 (exclusively, so two starting servers cannot both write it),
 * and a secret file that others can read is refused at start-up rather than used.
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = join(dataDir, SECRET_FILE);
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readSecretFile(file, 'delete it to make a new one');
}

/** The secret in `file` (base64 of at least 32 bytes, as `loadOrCreateSecret` writes). */
function readSecretFile(file: string, remedy: string): Buffer {
  const secret = Buffer.from(readPrivateText(file), 'base64');
  if (secret.length < 32) throw new Error(`${file} holds fewer than 32 bytes; ${remedy}`);
  return secret;
}

/**
 * The secret that nodes share (`--jwt-secret-file`): the file's text, trimmed, used exactly as
 * the same text in `PARLEY_JWT_SECRET` would be, so that nodes given the secret either way sign
 * alike. Refused when other users can read the file, or when it holds under 32 bytes.
 */
export function readSharedSecret(file: string): string {
  const secret = readPrivateText(file);
  if (Buffer.byteLength(secret) < 32)
    throw new Error(`${file} holds fewer than 32 bytes; make one: openssl rand -base64 32`);
  return secret;
}

/** A secret file's text, refused when other users can read it. */
function readPrivateText(file: string): string {
  if (readableByOthers(file)) {
    throw new Error(`${file} is readable by other users; run: chmod 600 ${file}`);
  }
  return readFileSync(file, 'utf8').trim();
}
