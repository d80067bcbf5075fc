import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { http, refusal, register, startServer } from '../server/helpers.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token attacks', () => {
  it('refuses each forged, stale, foreign or misplaced token with its code', async () => {
    const { url, dataDir } = await startServer();
    const alice = await register(url, 'alice');
    const claims = jwt.decode(alice.token) as Record<string, unknown>;
    const secret = Buffer.from(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim(), 'base64');
    const now = Math.floor(Date.now() / 1000);
    const hs = (payload: object, key: string | Buffer = secret) =>
      jwt.sign(payload, key, { algorithm: 'HS256', noTimestamp: true });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const [header, payload, signature] = alice.token.split('.');

    const attacks: Array<[string, object, string]> = [
      ['alg none', { token: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.` }, 'invalid_token'],
      [
        'HS256 with another secret',
        { token: hs(claims, 'another secret, long enough for hs256!') },
        'invalid_token',
      ],
      [
        'RS256 with an attacker key',
        { token: jwt.sign(claims, rsa.privateKey, { algorithm: 'RS256', noTimestamp: true }) },
        'invalid_token',
      ],
      [
        'ES256 with an attacker key',
        { token: jwt.sign(claims, ec.privateKey, { algorithm: 'ES256', noTimestamp: true }) },
        'invalid_token',
      ],
      [
        'HS256 keyed with a public key (confusion)',
        { token: hs(claims, rsaPublicPem) },
        'invalid_token',
      ],
      [
        'tampered payload',
        { token: `${header}.${b64({ ...claims, sub: '99' })}.${signature}` },
        'invalid_token',
      ],
      ['expired', { token: hs({ ...claims, iat: now - 100, exp: now - 10 }) }, 'token_expired'],
      ['not yet valid (nbf)', { token: hs({ ...claims, nbf: now + 300 }) }, 'invalid_token'],
      ['wrong iss', { token: hs({ ...claims, iss: 'elsewhere' }) }, 'invalid_token'],
      ['wrong aud', { token: hs({ ...claims, aud: 'not-parley' }) }, 'invalid_token'],
      ['oversized', { token: `${header}.${'A'.repeat(50_000)}.${signature}` }, 'invalid_token'],
    ];
    for (const [name, auth, code] of attacks) {
      expect({ name, code: (await refusal(url, { auth })).code }).toEqual({ name, code });
    }
    expect((await refusal(url, { query: { token: alice.token } })).code).toBe(
      'credentials_required',
    );

    // A replayed, spent refresh token: refused, and it takes the session (and its access token) down.
    // Two rotations back, so that the grace window for the token just spent does not apply.
    const once = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    const rotated = await http(url, '/api/refresh', {
      body: { refreshToken: once.body.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const replay = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    expect([replay.status, replay.body.error.code]).toEqual([401, 'token_revoked']);
    expect((await refusal(url, { auth: { token: rotated.body.token } })).code).toBe(
      'token_revoked',
    );
  }, 180_000);
});
