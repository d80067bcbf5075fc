import { hostname } from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';

/** An IPv4 address as the URL parser writes one. */
const DOTTED_IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The desktop app's own origin: its renderer is served from `app://parley`. */
export const DESKTOP_ORIGIN = 'app://parley';

/**
 * Who may talk to this server from a browser. Two attacks are closed here:
 * - a page from another site (or a remote Parley server's page) calling this server from the
 *   user's browser: its `Origin` is neither this server nor a trusted origin;
 * - DNS rebinding, where such a page renames itself to this server's address to look same-origin:
 *   its `Host` is then the attacker's name, which is not an address or a local name.
 * Requests without `Origin` come from programs, not pages, and pass: they have no ambient
 * credentials to abuse (Parley uses bearer tokens, never cookies).
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;
  private readonly anyHost: boolean;

  constructor(
    private readonly trustedOrigins: readonly string[],
    allowedHosts: readonly string[],
  ) {
    this.anyHost = allowedHosts.includes('*');
    this.hosts = new Set(['localhost', hostname().toLowerCase(), ...allowedHosts]);
  }

  /** Throws a ChatError when a request with these headers must be refused. */
  check(headers: IncomingHttpHeaders, secure: boolean): void {
    const host = headers.host ?? '';
    if (!this.hostAllowed(host)) {
      // Never quote the header: an error must not carry what the client chose (nor its size).
      throw new ChatError(
        ErrorCode.hostNotAllowed,
        'This server does not answer to that host name; start it with --allow-host to add one.',
      );
    }
    const origin = headers.origin;
    if (origin === undefined || this.originAllowed(origin, host, secure)) return;
    throw new ChatError(
      ErrorCode.originNotAllowed,
      'Pages from that origin may not use this server; only its own web client and the Parley app may.',
    );
  }

  /** True for an origin of another site that this server trusts (so CORS headers are sent). */
  isTrustedCrossOrigin(origin: string | undefined): origin is string {
    return origin !== undefined && this.trustedOrigins.includes(origin);
  }

  private originAllowed(origin: string, host: string, secure: boolean): boolean {
    return origin === `${secure ? 'https' : 'http'}://${host}` || this.isTrustedCrossOrigin(origin);
  }

  private hostAllowed(host: string): boolean {
    if (this.anyHost) return true;
    let name: string;
    try {
      name = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    // The URL parser has checked and canonicalised the host: an IPv6 address keeps its brackets
    // and an IPv4 one, in any legacy spelling (`0x7f.1`), is now dotted decimal. Testing those
    // shapes, not net.isIP, spares the first request compiling isIP's IPv6 pattern (~20 ms).
    if (name.startsWith('[') || DOTTED_IPV4.test(name)) return true;
    return this.hosts.has(name) || name.endsWith('.localhost') || name.endsWith('.local');
  }
}

/** Express middleware: the policy for every request, and CORS for the trusted origins. */
export function originGuard(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    policy.check(req.headers, req.secure);
    const origin = req.headers.origin;
    if (policy.isTrustedCrossOrigin(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        // X-File-Name: uploads name their file in it (POST /api/files).
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-File-Name',
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Max-Age': '600',
      });
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
