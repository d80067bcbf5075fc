/**
 * A server address as typed: the origin to try, and, only when no scheme was typed, the plain
 * http origin to fall back to. https comes first, so nothing is sent unencrypted by a guess; a
 * server reached over the fallback carries the "Not encrypted" mark wherever it is shown.
 */
export interface ServerAddress {
  url: string;
  plainFallback?: string;
}

/** Turns what a person typed into the origins to try (any path is dropped). */
export function parseServerAddress(input: string): ServerAddress {
  const trimmed = input.trim();
  const schemed = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const url = new URL(schemed ? trimmed : `https://${trimmed}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('Use an http or https address.');
  if (!url.hostname) throw new Error('That address has no host.');
  if (schemed) return { url: url.origin };
  // new URL() drops https's default port, so `host:443` and `host` give the same origins.
  return { url: url.origin, plainFallback: `http://${url.host}` };
}

/** This computer: localhost, 127.0.0.0/8 or ::1 (also as an IPv4-mapped IPv6 address). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/** Plain http to another computer: whoever is on the network in between can read it all. */
export function isUnencrypted(url: string): boolean {
  return new URL(url).protocol === 'http:' && !isLoopback(url);
}
