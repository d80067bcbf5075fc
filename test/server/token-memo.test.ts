import { describe, expect, it } from 'vitest';
import { connect, disconnected, http, refusal, register, sleep, startServer } from './helpers.js';
import { quickServer } from './account-helpers.js';

/**
 * TokenSigner remembers tokens it has verified, so that a reconnect skips the parse and the HMAC.
 * Each test first has the token verified (a connected socket), then changes what the memo must
 * not hide, and expects the very next handshake with the same token to be refused.
 */
describe('remembered tokens', () => {
  it('refuse a remembered token once its session is signed out', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const first = await connect(url, alice.token);
    first.disconnect();
    expect((await connect(url, alice.token)).connected).toBe(true); // remembered: still fine
    const logout = await http(url, '/api/logout', { method: 'POST', token: alice.token });
    expect(logout.status).toBe(204);
    expect((await refusal(url, { auth: { token: alice.token } })).code).toBe('token_revoked');
  });

  it('refuse a remembered token once its user is banned', async () => {
    const { url } = await quickServer();
    const owner = await register(url, 'owner');
    const carol = await register(url, 'carol');
    const socket = await connect(url, carol.token);
    const gone = disconnected(socket);
    const ban = await http(url, '/api/admin/ban', {
      token: owner.token,
      body: { username: 'carol' },
    });
    expect(ban.status).toBe(200);
    await gone;
    expect((await refusal(url, { auth: { token: carol.token } })).code).toBe('banned');
  });

  it('refuse a remembered token once another session signs it out', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const other = await http(url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
    });
    (await connect(url, other.body.token)).disconnect();
    const answer = await http(url, '/api/sessions/revoke-others', {
      method: 'POST',
      token: alice.token,
    });
    expect(answer.status).toBe(200);
    expect((await refusal(url, { auth: { token: other.body.token } })).code).toBe('token_revoked');
  });

  it('refuse a remembered token once refresh-token reuse ends its session', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    (await connect(url, alice.token)).disconnect();
    const refresh = (refreshToken: string) => http(url, '/api/refresh', { body: { refreshToken } });
    const t1 = (await refresh(alice.refreshToken)).body.refreshToken as string;
    expect((await refresh(t1)).status).toBe(200);
    expect((await refresh(alice.refreshToken)).body.error.code).toBe('token_revoked'); // reuse
    expect((await refusal(url, { auth: { token: alice.token } })).code).toBe('token_revoked');
  });

  it('refuse a remembered token once it expires', async () => {
    const { url } = await startServer({ accessTokenTtlSec: 2, expiringNoticeSec: 1 });
    const alice = await register(url, 'alice');
    (await connect(url, alice.token)).disconnect();
    await sleep(Math.max(0, alice.expiresAt - Date.now()) + 50);
    expect((await refusal(url, { auth: { token: alice.token } })).code).toBe('token_expired');
    // Through the API too (the same signer), and again: an expired token stays refused.
    const api = await http(url, '/api/sessions', { token: alice.token });
    expect(api.body.error.code).toBe('token_expired');
  });

  it('refuse a remembered token with one character of its signature changed', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    (await connect(url, alice.token)).disconnect();
    const last = alice.token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${alice.token.slice(0, -2)}${last}${alice.token.at(-1)}`;
    expect((await refusal(url, { auth: { token: forged } })).code).toBe('invalid_token');
    expect((await connect(url, alice.token)).connected).toBe(true);
  });

  it('refuse a remembered token whose last character differs only in unused bits', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    (await connect(url, alice.token)).disconnect();
    // A 32-byte HMAC is 43 base64url characters: the last one's two low bits carry nothing, so
    // this text decodes to the same signature. The memo is keyed by the text (its hash), never
    // by what it decodes to, and jsonwebtoken compares the signature text: refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const at = alphabet.indexOf(alice.token.at(-1) ?? '');
    const forged = `${alice.token.slice(0, -1)}${alphabet[at ^ 1]}`;
    expect(Buffer.from(forged.split('.')[2] ?? '', 'base64url')).toEqual(
      Buffer.from(alice.token.split('.')[2] ?? '', 'base64url'),
    );
    expect((await refusal(url, { auth: { token: forged } })).code).toBe('invalid_token');
    expect((await connect(url, alice.token)).connected).toBe(true);
  });
});
