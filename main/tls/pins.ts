import { FINGERPRINT } from '../../server/shared/fingerprint';
import type { SavedServer } from '../ipc-channels';

/** What to do with a certificate a server presents. */
export type Verdict =
  /** Pinned and it matches: accept, even though no CA signed it. */
  | 'trust'
  /** Pinned and it does not match (or the host has two pins): refuse before anything is sent. */
  | 'refuse'
  /** Nothing pinned for this host: the usual CA checks decide (and fail a self-signed one). */
  | 'default';

/** Turns "AB:CD:…" or "ABCD EF01 …" into the stored form, or undefined when it is not one. */
export function normalizeFingerprint(value: string): string | undefined {
  const hex = value.replace(/[\s:]/g, '').toLowerCase();
  return FINGERPRINT.test(hex) ? hex : undefined;
}

/** A saved https server that pins a certificate. */
export type Pin = SavedServer & { fingerprint: string };

/**
 * The pins saved for a host name, on any of its ports. Chromium's verify hook is told the host
 * name only, so a pin holds for the whole host: that is why a host may have one pin at most
 * (`pinConflict` keeps it so). More than one can only come from a settings file edited by hand.
 */
export function pinsForHost(servers: readonly SavedServer[], hostname: string): Pin[] {
  const host = hostKey(hostname);
  return servers.filter(
    (server): server is Pin =>
      server.fingerprint !== undefined && isHttps(server.url) && hostOf(server.url) === host,
  );
}

/**
 * The pinning decision. A host with a pin accepts exactly that certificate, on every port; a
 * host with two different pins (a damaged or hand-edited settings file) accepts neither, since
 * nothing says which one the person checked. Pins never touch other hosts, nor plain http.
 */
export function certificateVerdict(
  servers: readonly SavedServer[],
  hostname: string,
  presented: string,
): Verdict {
  const pins = new Set(pinsForHost(servers, hostname).map((pin) => pin.fingerprint));
  if (pins.size === 0) return 'default';
  if (pins.size > 1) return 'refuse';
  return pins.has(presented) ? 'trust' : 'refuse';
}

/** Why a server may not be saved as it comes. */
export type PinConflict =
  /** Its host is pinned to another certificate (on this port or another). */
  | { kind: 'changed'; pin: Pin; presented: string }
  /** Its host is saved without a pin (a CA vouches for it): a pin would override the CA there. */
  | { kind: 'ca'; saved: SavedServer };

/**
 * Whether saving `candidate` would give its host a second trusted certificate. A candidate
 * without a fingerprint adds no trust (its host's pin, if any, still decides), so it never
 * conflicts. Every way in (typed, invite, mDNS) meets this check in `SettingsStore.addServer`.
 */
export function pinConflict(
  servers: readonly SavedServer[],
  candidate: SavedServer,
): PinConflict | undefined {
  const presented = candidate.fingerprint;
  if (!presented || !isHttps(candidate.url)) return undefined;
  const host = hostOf(candidate.url);
  const pins = pinsForHost(servers, host);
  const pin = pins.find((saved) => saved.fingerprint !== presented);
  if (pin) return { kind: 'changed', pin, presented };
  if (pins.length > 0) return undefined;
  const saved = servers.find((s) => !s.fingerprint && isHttps(s.url) && hostOf(s.url) === host);
  return saved ? { kind: 'ca', saved } : undefined;
}

/** The refusal of a conflicting server, in words for people. */
export function conflictMessage(conflict: PinConflict): string {
  const host = new URL(conflict.kind === 'changed' ? conflict.pin.url : conflict.saved.url)
    .hostname;
  return conflict.kind === 'changed'
    ? `${host} is already pinned to another certificate (for "${conflict.pin.name}", ` +
        `${conflict.pin.url}). Someone may be impersonating it; to trust a new certificate, ` +
        'remove that server and add it again.'
    : `${host} is saved as "${conflict.saved.name}", trusted through its certificate authority; ` +
        'Parley will not pin another certificate for it.';
}

const isHttps = (url: string) => url.startsWith('https:');

/** The host of a saved URL, as pins compare it. */
function hostOf(url: string): string {
  return hostKey(new URL(url).hostname);
}

/**
 * Host names compare case-insensitively; IPv6 literals come with or without brackets; trailing
 * dots ("office.lan.", "office.lan..") name the same host; an IPv4-mapped IPv6 address
 * ("[::ffff:192.168.1.5]", which URL parsing turns into "[::ffff:c0a8:105]") is its IPv4 address.
 * Each spelling of one host must meet the same pin, never carry a second one.
 */
function hostKey(hostname: string): string {
  const bare = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  const dotted = /^(?:0{1,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{1,4}:){0,4}:?(?:0{0,4}:)?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (!hex?.[1] || !hex[2]) return bare;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
