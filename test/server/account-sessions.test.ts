import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../server/protocol.js';
import {
  connect,
  disconnected,
  http,
  next,
  register,
  request,
  sleep,
  startServer,
} from './helpers.js';
import {
  CHROME_LINUX,
  DESKTOP_MAC,
  FIREFOX_WINDOWS,
  login,
  quickServer,
  withDatabase,
} from './account-helpers.js';

const list = async (url: string, token: string): Promise<SessionInfo[]> => {
  const answer = await http(url, '/api/sessions', { token });
  expect(answer.status).toBe(200);
  return answer.body.sessions as SessionInfo[];
};

describe('your sessions', () => {
  it('lists each session with its device, address and which one is asking', async () => {
    const { url } = await quickServer();
    await register(url, 'alice');
    const firefox = await login(url, 'alice', undefined, FIREFOX_WINDOWS);
    const chrome = await login(url, 'alice', undefined, CHROME_LINUX);
    const desktop = await login(url, 'alice', undefined, DESKTOP_MAC);
    const sessions = await list(url, firefox.token);
    const byDevice = (device: string) => sessions.filter((s) => s.device === device);
    expect(byDevice('Firefox on Windows')).toHaveLength(1);
    expect(byDevice('Chrome on Linux')).toHaveLength(1);
    expect(byDevice('Parley desktop on macOS')).toHaveLength(1);
    // The registration's own session came without a browser's user agent (Node's fetch).
    expect(sessions).toHaveLength(4);
    expect(byDevice('Unknown device')).toHaveLength(1);
    expect(sessions.filter((s) => s.current).map((s) => s.device)).toEqual(['Firefox on Windows']);
    expect((await list(url, chrome.token)).find((s) => s.current)?.device).toBe('Chrome on Linux');
    for (const s of sessions) {
      expect(s.ip).toBe('127.0.0.1');
      expect(s.lastActiveAt).toBeGreaterThanOrEqual(s.startedAt);
      expect(s.startedAt).toBeLessThanOrEqual(Date.now());
    }
    // Newest activity first: the desktop signed in last.
    expect(sessions[0]?.device).toBe('Parley desktop on macOS');
    expect(desktop.user.username).toBe('alice');
    expect((await http(url, '/api/sessions')).body.error.code).toBe('credentials_required');
  });

  it('signs one session out, cutting its socket at once and no other', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const phone = await login(url, 'alice', undefined, CHROME_LINUX);
    const mine = await connect(url, alice.token);
    const theirs = await connect(url, phone.token);
    const target = (await list(url, alice.token)).find((s) => s.device === 'Chrome on Linux');
    expect(target).toBeDefined();
    const revoked = next(theirs, 'auth:revoked');
    const gone = disconnected(theirs);
    const answer = await http(url, `/api/sessions/${target?.id}`, {
      method: 'DELETE',
      token: alice.token,
    });
    expect(answer.status).toBe(204);
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    await sleep(100);
    expect(mine.connected).toBe(true);
    expect((await request(mine, 'rooms:list', {})).ok).toBe(true);
    // Its refresh token is dead too, and the list no longer shows it.
    const refresh = await http(url, '/api/refresh', { body: { refreshToken: phone.refreshToken } });
    expect(refresh.body.error.code).toBe('token_revoked');
    expect((await list(url, alice.token)).map((s) => s.id)).not.toContain(target?.id);
  });

  it("answers not_found for another account's session and for nonsense ids", async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const bobSocket = await connect(url, bob.token);
    const bobSession = (await list(url, bob.token))[0];
    const answer = await http(url, `/api/sessions/${bobSession?.id}`, {
      method: 'DELETE',
      token: alice.token,
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
    await sleep(100);
    expect(bobSocket.connected).toBe(true);
    const bad = await http(url, '/api/sessions/abc', { method: 'DELETE', token: alice.token });
    expect(bad.body.error.code).toBe('invalid_payload');
  });

  it('signs out everywhere else', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const others = [await login(url, 'alice'), await login(url, 'alice')];
    const mine = await connect(url, alice.token);
    const sockets = await Promise.all(others.map((pair) => connect(url, pair.token)));
    const cut = sockets.map((socket) => next(socket, 'auth:revoked'));
    const answer = await http(url, '/api/sessions/revoke-others', { token: alice.token, body: {} });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ revoked: 2 });
    expect(await Promise.all(cut)).toEqual([{ code: 'token_revoked' }, { code: 'token_revoked' }]);
    await sleep(100);
    expect(mine.connected).toBe(true);
    const left = await list(url, alice.token);
    expect(left).toHaveLength(1);
    expect(left[0]?.current).toBe(true);
  });

  it('moves last active on a socket connection, and keeps it across a restart', async () => {
    const first = await startServer({ scryptCost: 1024 });
    const alice = await register(first.url, 'alice');
    const before = (await list(first.url, alice.token))[0]?.lastActiveAt ?? 0;
    await sleep(30);
    const socket = await connect(first.url, alice.token);
    const connectedAt = Date.now();
    const after = (await list(first.url, alice.token))[0]?.lastActiveAt ?? 0;
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThanOrEqual(connectedAt);
    // Not written per connection: the database has not seen it yet.
    const stored = withDatabase(first.dataDir, (db) =>
      db.prepare('SELECT last_active_at AS at FROM sessions').get(),
    ) as { at: number };
    expect(stored.at).toBe(before);
    socket.disconnect();
    await first.close();
    // Flushed on close: a restarted server knows it.
    const second = await startServer({ scryptCost: 1024, dataDir: first.dataDir });
    expect((await list(second.url, alice.token))[0]?.lastActiveAt).toBe(after);
  });
});
