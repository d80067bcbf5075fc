import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { readableByOthers } from '../private-file.js';

export interface TlsFiles {
  cert: string;
  key: string;
}

const CERT_FILE = 'tls-cert.pem';
const KEY_FILE = 'tls-key.pem';
const VALID_YEARS = 10;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Every name and address this machine may be reached by, for the certificate's SAN. */
function subjectAltNames(): x509.JsonGeneralName[] {
  const host = hostname().toLowerCase();
  const names = [...new Set(['localhost', host, `${host}.local`])];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((entry) => (entry ? [entry.address] : []));
  return [
    ...names.map((value) => ({ type: 'dns' as const, value })),
    ...[...new Set(['127.0.0.1', ...addresses])].map((value) => ({ type: 'ip' as const, value })),
  ];
}

async function createSelfSigned(): Promise<TlsFiles> {
  // Node's webcrypto is the WebCrypto the library expects; only the DOM typings differ.
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey(EC, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex'),
    name: `CN=Parley on ${hostname()}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + VALID_YEARS * 365 * 24 * 3600 * 1000),
    signingAlgorithm: EC,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(subjectAltNames()),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { cert: cert.toString('pem'), key };
}

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
  const made = await createSelfSigned();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, made.key, { mode: 0o600, flag: 'w' });
  writeFileSync(certPath, made.cert, { mode: 0o644, flag: 'w' });
  return made;
}
