import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { clientCsp } from '../server/shared/csp';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** The desktop renderer's CSP: the client's one policy (see server/shared/csp.ts). */
export const DESKTOP_CSP = clientCsp('desktop');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Must run before the app is ready. `standard` gives the scheme real origins (so CSP 'self' and
 * CORS work); it is not marked `secure`, because a secure page may not call the plain-HTTP LAN
 * servers people host (mixed content).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** The file a request path maps to inside `root`, or null when it would leave `root`. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return file.startsWith(normalize(root) + sep) ? file : null;
}

/** A response for `app://parley/<path>`, read from the built renderer in `root`. */
export async function appResponse(root: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const file = url.host === APP_HOST ? resolveInside(root, url.pathname) : null;
  if (!file) return new Response('Not found', { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response('Not found', { status: 404 });
  }
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': DESKTOP_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Serves the built renderer at `app://parley/`. Call once the app is ready. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(root, request.url));
}
