import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readableByOthers } from '../private-file.js';

export interface TlsFiles {
  cert: string;
  key: string;
}

const CERT_FILE = 'tls-cert.pem';
const KEY_FILE = 'tls-key.pem';

/**
 * The server's self-signed certificate (EC P-256), made on the first start and kept in the data
 * dir (the key with mode 0600), so that its fingerprint stays the same across restarts: people
 * compare and pin it. A key file that others can read is refused, as the JWT secret is (except
 * on Windows, where the mode bits mean nothing: see `readableByOthers`).
 */
export async function loadOrCreateCertificate(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<TlsFiles> {
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    if (readableByOthers(keyPath, platform)) {
      throw new Error(`${keyPath} is readable by other users; run chmod 600 on it`);
    }
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  const { createSelfSigned } = await import('./make-certificate.js');
  const made = await createSelfSigned();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, made.key, { mode: 0o600, flag: 'w' });
  writeFileSync(certPath, made.cert, { mode: 0o644, flag: 'w' });
  return made;
}
