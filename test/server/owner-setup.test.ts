import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETUP_CODE_FILE } from '../../server/auth/setup-code.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { rawRequest } from '../raw-http.js';
import { http, register, startServer, tempDir } from './helpers.js';

const owner = { username: 'host', password: 'correct horse' };
const registerWith = (url: string, body: object, headers: Record<string, string> = {}) =>
  http(url, '/api/register', { body, headers });

/**
 * Creating the owner of a fresh server needs its one-time setup code, except from this machine
 * to a server that listens on loopback only. These servers listen on 127.0.0.1 (tests never
 * listen on every interface) but are told to ask for the code even there, as a LAN server does;
 * a server really bound to 0.0.0.0 is covered in cli.test.ts.
 */
describe('owner setup code', () => {
  it('is made before the server listens, kept in a 0600 file, and says so in /api/info', async () => {
    const { url, server, dataDir } = await startServer({ requireSetupCodeOnLoopback: true });
    const code = await server.setupCode();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const file = join(dataDir, SETUP_CODE_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(code);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await http(url, '/api/info')).body).toMatchObject({
      setupNeeded: true,
      setupCodeRequired: true,
    });
  });

  it('refuses the owner without the code or with a wrong one, whatever the policy', async () => {
    for (const registration of ['open', 'invite', 'closed'] as const) {
      const { url, server } = await startServer({ registration, requireSetupCodeOnLoopback: true });
      const none = await registerWith(url, owner);
      expect([none.status, none.body.error.code]).toEqual([403, 'invalid_setup_code']);
      const wrong = await registerWith(url, { ...owner, setupCode: 'AAAA-BBBB-CCCC-DDDD' });
      expect([wrong.status, wrong.body.error.code]).toEqual([403, 'invalid_setup_code']);
      // Nothing was made: the server still waits for its owner, with the same code.
      expect((await http(url, '/api/info')).body.setupNeeded).toBe(true);
      expect(await server.setupCode()).toBeDefined();
    }
  });

  it('makes the owner with the right code (as people type it), once: the code is then spent', async () => {
    const { url, server, dataDir } = await startServer({
      registration: 'closed',
      requireSetupCodeOnLoopback: true,
    });
    const code = (await server.setupCode()) ?? '';
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const made = await registerWith(url, { ...owner, setupCode: typed });
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ username: 'host', role: 'owner' });
    expect(existsSync(join(dataDir, SETUP_CODE_FILE))).toBe(false);
    expect(await server.setupCode()).toBeUndefined();
    expect((await http(url, '/api/info')).body).toMatchObject({
      setupNeeded: false,
      setupCodeRequired: false,
    });
    // The same code again is just another registration, held to the (closed) policy.
    const again = await registerWith(url, {
      username: 'eve',
      password: 'longenough',
      setupCode: code,
    });
    expect([again.status, again.body.error.code]).toEqual([403, 'registration_closed']);
  });

  it('limits setup code attempts per address, the right code included', async () => {
    const { url, server } = await startServer({
      requireSetupCodeOnLoopback: true,
      setupCodeRate: { max: 3, windowMs: 60_000 },
    });
    for (let i = 0; i < 3; i++) {
      const guess = await registerWith(url, { ...owner, setupCode: `GUES-S000-0000-000${i}` });
      expect(guess.body.error.code).toBe('invalid_setup_code');
    }
    const limited = await registerWith(url, { ...owner, setupCode: await server.setupCode() });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps the code across restarts until the owner exists, then removes a stale file', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, requireSetupCodeOnLoopback: true });
    const code = await first.server.setupCode();
    await first.close();
    const second = await startServer({ dataDir, requireSetupCodeOnLoopback: true });
    expect(await second.server.setupCode()).toBe(code);
    await registerWith(second.url, { ...owner, setupCode: code });
    await second.close();
    // A crash between making the owner and removing the file leaves the file behind.
    writeFileSync(join(dataDir, SETUP_CODE_FILE), `${code}\n`, { mode: 0o600 });
    const third = await startServer({ dataDir, requireSetupCodeOnLoopback: true });
    expect(await third.server.setupCode()).toBeUndefined();
    expect(existsSync(join(dataDir, SETUP_CODE_FILE))).toBe(false);
  });

  it('replaces a code file that other users can read', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const code = await first.server.setupCode();
    await first.close();
    chmodSync(join(dataDir, SETUP_CODE_FILE), 0o644);
    const second = await startServer({ dataDir });
    const fresh = await second.server.setupCode();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(code);
    expect(statSync(join(dataDir, SETUP_CODE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('lets loopback skip the code on a loopback-only server, but not through a proxy', async () => {
    const { url } = await startServer();
    expect((await http(url, '/api/info')).body.setupCodeRequired).toBe(false);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via']) {
      const proxied = { [header]: header === 'forwarded' ? 'for=192.0.2.7' : '192.0.2.7' };
      const info = await http(url, '/api/info', { headers: proxied });
      expect(info.body.setupCodeRequired, header).toBe(true);
      const refused = await registerWith(url, owner, proxied);
      expect(refused.body.error.code, header).toBe('invalid_setup_code');
    }
    expect((await register(url, 'host')).user.role).toBe('owner');
  });

  it('asks for the code when the Host is not this machine (a page rebound to 127.0.0.1)', async () => {
    const { url } = await startServer();
    const port = new URL(url).port;
    const body = JSON.stringify(owner);
    const post = (host: string) =>
      rawRequest(url, '/api/register', { host, 'content-type': 'application/json' }, 'POST', body);
    for (const host of [`evil.local:${port}`, `${hostname()}:${port}`]) {
      const refused = await post(host);
      expect([host, JSON.parse(refused.body).error.code]).toEqual([host, 'invalid_setup_code']);
    }
    expect((await post(`localhost:${port}`)).status).toBe(201);
  });

  it('asks for the code from loopback too once Express trusts a proxy', async () => {
    const { url, server } = await startServer();
    server.app.set('trust proxy', 'loopback');
    expect((await http(url, '/api/info')).body.setupCodeRequired).toBe(true);
    expect((await registerWith(url, owner)).body.error.code).toBe('invalid_setup_code');
  });

  it('the store never makes a first account, as owner, without a verified setup', async () => {
    const store = openSqliteStore(tempDir());
    const user = { username: 'eve', displayName: 'eve', passwordHash: 'x' };
    const rule = { policy: 'open' as const, now: Date.now(), setupVerified: false };
    expect(await store.checkRegistration('eve', rule)).toBe('setup_required');
    expect(await store.registerUser(user, rule)).toEqual({ ok: false, reason: 'setup_required' });
    expect(await store.countUsers()).toBe(0);
    const made = await store.registerUser(user, { ...rule, setupVerified: true });
    expect(made).toMatchObject({ ok: true, user: { role: 'owner' } });
    await store.close();
  });
});
