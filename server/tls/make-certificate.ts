import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import * as x509 from '@peculiar/x509';

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

/**
 * A new self-signed certificate (EC P-256) for every name and address of this machine, and its
 * key. Its own module: @peculiar/x509 and its ASN.1 libraries load only when one is made, not on
 * every start that serves the one already made (server/tls/self-signed.ts).
 */
export async function createSelfSigned(): Promise<{ cert: string; key: string }> {
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
