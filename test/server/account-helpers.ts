import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { TokenPair } from '../../server/protocol.js';
import { http, register, startServer } from './helpers.js';

/** User agents of real browsers and of the desktop app (Electron), as they send them. */
export const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
export const DESKTOP_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Parley/0.1.0 Chrome/140.0.0.0 Electron/38.0.0 Safari/537.36';

/** A server with cheap password hashing (tests only). */
export const quickServer = (options: Parameters<typeof startServer>[0] = {}) =>
  startServer({ scryptCost: 1024, ...options });

/** Logs in with a user agent; throws unless it succeeds. */
export async function login(
  url: string,
  username: string,
  password = 'correct horse',
  userAgent?: string,
): Promise<TokenPair> {
  const answer = await http<TokenPair>(url, '/api/login', {
    body: { username, password },
    headers: userAgent ? { 'user-agent': userAgent } : {},
  });
  if (answer.status !== 200)
    throw new Error(`login ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The status and error code of a login attempt. */
export async function tryLogin(url: string, username: string, password: string) {
  const answer = await http(url, '/api/login', { body: { username, password } });
  return { status: answer.status, code: answer.body?.error?.code as string | undefined };
}

/** Registers with a user agent. */
export const registerFrom = (url: string, username: string, userAgent: string) =>
  register(url, username, {}).then(() => login(url, username, undefined, userAgent));

/**
 * Writes to the server's database directly, beside the running server (WAL allows it): for
 * what a test cannot wait for (a 30-day hold running out) or what another area sets up (a role).
 */
export function withDatabase<T>(dataDir: string, use: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'parley.db'));
  try {
    db.pragma('busy_timeout = 5000');
    return use(db);
  } finally {
    db.close();
  }
}

/** Makes the user an admin the way people-tables.ts stores the role. */
export const makeAdmin = (dataDir: string, userId: number) =>
  withDatabase(dataDir, (db) => db.prepare('UPDATE users SET admin = 1 WHERE id = ?').run(userId));
