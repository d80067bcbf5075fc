import UAParser from 'ua-parser-js';

/** The most of a User-Agent header a session keeps (real ones are about 150 characters). */
export const USER_AGENT_MAX = 512;

/** What "Your sessions" calls a session whose user agent says nothing we recognise. */
export const UNKNOWN_DEVICE = 'Unknown device';

/** Browser names as people know them (the parser says "Mobile Safari", "Chrome Headless", …). */
const BROWSERS: Record<string, string> = {
  'Mobile Safari': 'Safari',
  'Chrome Headless': 'Chrome',
  'Mobile Chrome': 'Chrome',
  'Mobile Firefox': 'Firefox',
};
const SYSTEMS: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' };

/** The header as stored: at most `USER_AGENT_MAX` characters, '' when absent. */
export function storedUserAgent(header: string | undefined): string {
  return (header ?? '').slice(0, USER_AGENT_MAX);
}

/**
 * A person-readable label for a user agent: "Firefox on Windows", "Parley desktop on macOS",
 * "Chrome on Linux", or `UNKNOWN_DEVICE`. Parsed by ua-parser-js (v1, MIT); the desktop app is
 * Electron, whose user agent names Electron (and Chrome) too, so Electron wins.
 */
export function deviceLabel(userAgent: string): string {
  if (userAgent === '') return UNKNOWN_DEVICE;
  const result = new UAParser(userAgent).getResult();
  const raw = result.browser.name;
  const browser = /\bElectron\//.test(userAgent)
    ? 'Parley desktop'
    : raw === undefined
      ? undefined
      : (BROWSERS[raw] ?? raw);
  const osName = result.os.name;
  const os = osName === undefined ? undefined : (SYSTEMS[osName] ?? osName);
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? (os ? `A browser on ${os}` : UNKNOWN_DEVICE);
}
