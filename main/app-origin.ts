/** The renderer is served from this origin (see app-protocol.ts); nothing else is trusted. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** True for a URL of the app's own pages. */
export function isAppUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // WHATWG URL reports origin "null" for custom schemes, so compare the parts.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** True for links that may leave the app for the system browser: http(s) only. */
export function isExternalLink(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
