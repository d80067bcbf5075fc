import { BlockList, type AddressInfo } from 'node:net';
import type { Request } from 'express';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  try {
    return LOOPBACK.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
  } catch {
    return false; // not an IP address at all
  }
}

/** Headers a reverse proxy or CDN adds: a request that carries one was relayed for someone else. */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-real-ip',
  'via',
  'cf-connecting-ip',
  'true-client-ip',
] as const;

/**
 * Host names that can only mean this machine: a loopback address, `localhost`, `*.localhost`.
 * Any other name (a `*.local` one, say) could be a page's own name, rebound by its DNS to
 * 127.0.0.1 so that the page's requests reach this server from loopback (DNS rebinding).
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}

/**
 * Decides which requests may create the owner without the setup code: only someone on this
 * machine, talking to a server that listens on loopback only. Then nobody else can reach the
 * server at all, so the code would protect nothing.
 *
 * What is looked at, and why:
 * - the address the server is bound to (`bound()`, read per request: a server bound to 0.0.0.0,
 *   `::` or a LAN address always needs the code, even from loopback);
 * - the TCP peer's address (`req.socket.remoteAddress`, never `req.ip`, which a `trust proxy`
 *   setting would take from a header);
 * - the Host header, which must name this machine (see `isLoopbackHost`: DNS rebinding);
 * - signs of a reverse proxy on this machine, which would make everyone look like loopback: any
 *   of the PROXY_HEADERS, or Express's `trust proxy` being set.
 *   A proxy that adds none of these is not detectable: such setups set
 *   `requireSetupCodeOnLoopback` (CLI `--require-setup-code`), which turns the exemption off.
 */
export function setupCodeExemption(
  bound: () => AddressInfo | string | null,
  requireOnLoopback: boolean,
): (req: Request) => boolean {
  return (req) => {
    if (requireOnLoopback) return false;
    const address = bound();
    if (address === null || typeof address === 'string' || !isLoopbackAddress(address.address))
      return false;
    if (req.app.get('trust proxy')) return false;
    if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
    if (!isLoopbackHost(req.headers.host)) return false;
    return isLoopbackAddress(req.socket.remoteAddress);
  };
}
