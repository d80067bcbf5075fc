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
  if (readableByOthers(file)) {
    throw new Error(`${file} is readable by other users; run: chmod 600 ${file}`);
  }
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32)
    throw new Error(`${file} holds fewer than 32 bytes; delete it to make a new one`);
  return secret;
}
