import type { SavedServer } from '../ipc-channels';

/** A certificate fingerprint as stored and compared: SHA-256, 64 lowercase hex digits. */
export const FINGERPRINT = /^[0-9a-f]{64}$/;

/** What to do with a certificate a server presents. */
export type Verdict =
  /** Pinned and it matches: accept, even though no CA signed it. */
  | 'trust'
  /** Pinned and it does not match: refuse before anything is sent. */
  | 'refuse'
  /** Nothing pinned for this host: the usual CA checks decide (and fail a self-signed one). */
  | 'default';

/** Turns "AB:CD:…" or "ABCD EF01 …" into the stored form, or undefined when it is not one. */
export function normalizeFingerprint(value: string): string | undefined {
  const hex = value.replace(/[\s:]/g, '').toLowerCase();
  return FINGERPRINT.test(hex) ? hex : undefined;
}

/**
 * The pinning decision. A pin belongs to one saved https origin; Chromium's verify hook is told
 * only the host name, so a certificate is trusted on a host when it matches a pin of that host
 * (on any of its ports): to present it, a server must hold that certificate's private key.
 * Pins never touch other hosts, nor plain-http servers.
 */
export function certificateVerdict(
  servers: readonly SavedServer[],
  hostname: string,
  presented: string,
): Verdict {
  const pins = servers.flatMap((server) => {
    if (!server.fingerprint) return [];
    const url = new URL(server.url);
    return url.protocol === 'https:' && sameHost(url.hostname, hostname)
      ? [server.fingerprint]
      : [];
  });
  if (pins.length === 0) return 'default';
  return pins.includes(presented) ? 'trust' : 'refuse';
}

/** Host names compare case-insensitively; IPv6 literals come with or without brackets. */
function sameHost(a: string, b: string): boolean {
  const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare(a) === bare(b);
}
