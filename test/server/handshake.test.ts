import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { connect, http, refusal, register, request, startServer } from './helpers.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The server's own secret, read back from its data dir, to forge tokens that differ in one way. */
function secretOf(dataDir: string): Buffer {
  return Buffer.from(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim(), 'base64');
}

describe('socket handshake', () => {
  it('accepts a valid token in auth, and in an Authorization header', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const viaAuth = await connect(url, alice.token);
    expect(viaAuth.connected).toBe(true);
    const viaHeader = await connect(url, '', {
      auth: {},
      extraHeaders: { authorization: `Bearer ${alice.token}` },
    });
    expect(viaHeader.connected).toBe(true);
  });

  it('works over HTTP long-polling too, with Express kept out of /socket.io/', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token, { transports: ['polling'] });
    const ack = await request(socket, 'message:send', { roomId: 1, text: 'polled', clientId: 'p' });
    expect(ack.ok).toBe(true);
    expect(socket.io.engine.transport.name).toBe('polling');
  });

  it('refuses every bad token with its code', async () => {
    const { url, dataDir, server } = await startServer();
    const alice = await register(url, 'alice');
    const claims = jwt.decode(alice.token) as Record<string, unknown>;
    const bobClaims = jwt.decode((await register(url, 'bob')).token) as Record<string, unknown>;
    const secret = secretOf(dataDir);
    const sign = (payload: object, key: string | Buffer = secret) =>
      jwt.sign(payload, key, { algorithm: 'HS256', noTimestamp: true });
    const [header, , signature] = alice.token.split('.');
    const now = Math.floor(Date.now() / 1000);

    const cases: Array<[string, object, string]> = [
      ['no token', {}, 'credentials_required'],
      ['garbage', { auth: { token: 'not.a.jwt' } }, 'invalid_token'],
      [
        'alg none',
        { auth: { token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` } },
        'invalid_token',
      ],
      ['another secret', { auth: { token: sign(claims, 'x'.repeat(32)) } }, 'invalid_token'],
      [
        'tampered payload',
        { auth: { token: `${header}.${b64({ ...claims, sub: '2' })}.${signature}` } },
        'invalid_token',
      ],
      [
        'expired',
        { auth: { token: sign({ ...claims, iat: now - 120, exp: now - 60 }) } },
        'token_expired',
      ],
      [
        'another server',
        { auth: { token: sign({ ...claims, iss: 'someone-else' }) } },
        'invalid_token',
      ],
      [
        'wrong audience',
        { auth: { token: sign({ ...claims, aud: 'other-app' }) } },
        'invalid_token',
      ],
      ['not yet valid', { auth: { token: sign({ ...claims, nbf: now + 600 }) } }, 'invalid_token'],
      ['oversized', { auth: { token: 'a'.repeat(5000) } }, 'invalid_token'],
      ['malformed session', { auth: { token: sign({ ...claims, sid: 'nope' }) } }, 'invalid_token'],
      // Well-formed and signed with the server's own secret: only the session lookup can refuse.
      ['unknown session', { auth: { token: sign({ ...claims, sid: 987_654 }) } }, 'invalid_token'],
      [
        "another user's session",
        { auth: { token: sign({ ...claims, sid: bobClaims.sid }) } },
        'invalid_token',
      ],
      ['query string', { query: { token: alice.token } }, 'credentials_required'],
    ];
    expect(server.serverId).toBe(claims.iss);
    for (const [name, options, code] of cases) {
      const error = await refusal(url, options);
      expect({ name, code: error.code }).toEqual({ name, code });
      expect(error.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses HS256 signed with the RS/ES confusion trick (public key as HMAC secret)', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const [, payload] = alice.token.split('.');
    const forged = `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}`;
    const sig = createHmac('sha256', 'public-key-pem').update(forged).digest('base64url');
    expect((await refusal(url, { auth: { token: `${forged}.${sig}` } })).code).toBe(
      'invalid_token',
    );
  });

  it('accepts a query-string token only when allowQueryToken is on', async () => {
    const { url } = await startServer({ allowQueryToken: true });
    const alice = await register(url, 'alice');
    const socket = await connect(url, '', { auth: {}, query: { token: alice.token } });
    expect(socket.connected).toBe(true);
  });

  it('refuses a revoked session and a banned user', async () => {
    const { url } = await startServer();
    const owner = await register(url, 'owner');
    const bob = await register(url, 'bob');
    const carol = await register(url, 'carol');
    expect((await http(url, '/api/logout', { method: 'POST', token: bob.token })).status).toBe(204);
    expect((await refusal(url, { auth: { token: bob.token } })).code).toBe('token_revoked');
    const ban = await http(url, '/api/admin/ban', {
      token: owner.token,
      body: { username: 'carol' },
    });
    expect(ban.status).toBe(200);
    expect((await refusal(url, { auth: { token: carol.token } })).code).toBe('banned');
  });
});
