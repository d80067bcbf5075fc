import { X509Certificate } from 'node:crypto';
import { fingerprintFromColons } from '../shared/fingerprint.js';

/** SHA-256 of the certificate's DER, as 64 lowercase hex digits: what TXT records and invites carry. */
export function certificateFingerprint(certPem: string | Buffer): string {
  return fingerprintFromColons(new X509Certificate(certPem).fingerprint256);
}
