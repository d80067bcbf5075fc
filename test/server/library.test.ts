import { readFileSync, statSync, existsSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { SERVER_VERSION } from '../../server/version.js';
import {
  connect,
  disconnected,
  http,
  refusal,
  register,
  request,
  startServer,
  tempDir,
} from './helpers.js';

describe('createChatServer', () => {
  it('checks options at construction and names the bad one', () => {
    const dataDir = tempDir();
    const bad: Array<[object, RegExp]> = [
      [{}, /"dataDir"/],
      [{ dataDir, registration: 'maybe' }, /"registration"/],
      [{ dataDir, jwtSecret: 'short' }, /"jwtSecret" must be at least 32 bytes/],
      [{ dataDir, accessTokenTtlSec: -1 }, /"accessTokenTtlSec"/],
      [{ dataDir, accessTokenTtlSec: 1.5 }, /"accessTokenTtlSec"/],
      [
        { dataDir, accessTokenTtlSec: 86_401 },
        /"accessTokenTtlSec" must be an integer from 1 to 86400/,
      ],
      [{ dataDir, messageRate: { perSecond: 0, burst: 1 } }, /"messageRate.perSecond"/],
      [{ dataDir, loginRate: 'fast' }, /"loginRate"/],
      [{ dataDir, scryptCost: 1000 }, /"scryptCost"/],
      [{ dataDir, name: '' }, /"name"/],
    ];
    for (const [options, message] of bad) {
      expect(() => createChatServer({ logger: silentLogger, ...options } as never)).toThrow(
        message,
      );
    }
    expect(existsSync(join(dataDir, 'parley.db'))).toBe(false); // nothing was opened
  });

  it('makes a random 32-byte secret with mode 0600, or uses the one it is given', async () => {
    const { dataDir } = await startServer();
    const file = join(dataDir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(statSync(dataDir).mode & 0o077).toBe(0);

    const given = await startServer({ jwtSecret: 's'.repeat(32) });
    expect(existsSync(join(given.dataDir, 'jwt-secret'))).toBe(false);
  });

  it('refuses to start with a secret file that others can read', () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'jwt-secret'), Buffer.alloc(32, 7).toString('base64'));
    chmodSync(join(dataDir, 'jwt-secret'), 0o644);
    expect(() => createChatServer({ dataDir, logger: silentLogger })).toThrow(
      /readable by other users/,
    );
  });

  it('keeps two servers in one process apart', async () => {
    const one = await startServer({ loginRate: { max: 2, windowMs: 60_000 } });
    const two = await startServer({ loginRate: { max: 2, windowMs: 60_000 } });
    expect(one.server.serverId).not.toBe(two.server.serverId);
    const alice = await register(one.url, 'alice');
    await register(two.url, 'alice');
    expect((await refusal(two.url, { auth: { token: alice.token } })).code).toBe('invalid_token');
    const fail = (url: string) =>
      http(url, '/api/login', { body: { username: 'alice', password: 'wrong pass' } });
    await fail(one.url);
    await fail(one.url);
    expect((await fail(one.url)).status).toBe(429);
    expect((await fail(two.url)).status).toBe(401); // its own budget
    const socket = await connect(one.url, alice.token);
    await request(socket, 'message:send', { roomId: 1, text: 'on one', clientId: 'x' });
    const two2 = await http(two.url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
    });
    const other = await connect(two.url, two2.body.token);
    expect((await request(other, 'message:history', { roomId: 1 })).messages).toEqual([]);
  });

  it('close() disconnects sockets, stops HTTP and closes the database', async () => {
    const { url, server, dataDir } = await startServer();
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const gone = disconnected(socket);
    await server.close();
    // Not 'io server disconnect': that would stop clients from reconnecting after a restart.
    expect(await gone).toBe('transport close');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // The same data dir opens again at once: the database was closed cleanly.
    const again = await startServer({ dataDir });
    expect(again.server.serverId).toBe(server.serverId);
    await server.close(); // a second close is harmless
  });

  it('serves /healthz, JSON 404s, and reports the package version', async () => {
    const { url } = await startServer();
    expect((await http(url, '/healthz')).body).toEqual({ status: 'ok' });
    const missing = await http(url, '/api/nope');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SERVER_VERSION).toBe(pkg.version);
  });

  it('serves the built web client at / when one exists', async () => {
    const webRoot = tempDir();
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley web</title>');
    const { url } = await startServer({ webRoot });
    const page = await fetch(`${url}/`);
    expect(await page.text()).toContain('Parley web');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await (await fetch(`${url}/rooms/1`)).text()).toContain('Parley web'); // client-side route
    expect((await http(url, '/api/nope')).status).toBe(404);
  });
});
