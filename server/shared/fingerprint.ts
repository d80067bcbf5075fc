/**
 * Certificate fingerprints as Parley writes them. This folder holds pure, dependency-free code that
 * the server, the desktop main process and the web client all import at run time (the lint
 * boundaries allow `server/shared/` and nothing else of `server/`), so that each fact lives once.
 */

/** SHA-256 of a certificate's DER, as stored and sent: 64 lowercase hex digits. */
export const FINGERPRINT = /^[0-9a-f]{64}$/;

/** Node's `X509Certificate.fingerprint256` ("AB:CD:…") in the stored form. */
export function fingerprintFromColons(fingerprint256: string): string {
  return fingerprint256.replaceAll(':', '').toLowerCase();
}

/** "AB12 CD34 …": a fingerprint in groups of four, for people to read aloud and compare. */
export function groupFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
