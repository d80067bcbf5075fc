import { X509Certificate } from 'node:crypto';

/** SHA-256 of the certificate's DER, as 64 lowercase hex digits: what TXT records and invites carry. */
export function certificateFingerprint(certPem: string | Buffer): string {
  return new X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase();
}

/** A fingerprint in groups of four, for people to read aloud and compare: "AB12 CD34 …". */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
