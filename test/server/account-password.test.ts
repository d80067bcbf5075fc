import { describe, expect, it } from 'vitest';
import { connect, disconnected, http, next, register, request, sleep } from './helpers.js';
import { login, quickServer, tryLogin } from './account-helpers.js';

describe('password change', () => {
  it('needs the current password, ends every other session and keeps this one', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const laptop = await login(url, 'alice');
    const mine = await connect(url, alice.token);
    const theirs = await connect(url, laptop.token);

    const wrong = await http(url, '/api/password', {
      token: alice.token,
      body: { currentPassword: 'not it at all', newPassword: 'battery staple' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const short = await http(url, '/api/password', {
      token: alice.token,
      body: { currentPassword: 'correct horse', newPassword: 'short' },
    });
    expect(short.body.error.code).toBe('invalid_payload');
    const anonymous = await http(url, '/api/password', {
      body: { currentPassword: 'correct horse', newPassword: 'battery staple' },
    });
    expect(anonymous.body.error.code).toBe('credentials_required');
    await sleep(50);
    expect(theirs.connected).toBe(true);

    const revoked = next(theirs, 'auth:revoked');
    const gone = disconnected(theirs);
    const changed = await http(url, '/api/password', {
      token: alice.token,
      body: { currentPassword: 'correct horse', newPassword: 'battery staple' },
    });
    expect(changed.status).toBe(204);
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    await sleep(100);
    expect(mine.connected).toBe(true);
    expect((await request(mine, 'rooms:list', {})).ok).toBe(true);
    // This session's refresh token still works; the other's does not.
    const own = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    expect(own.status).toBe(200);
    const other = await http(url, '/api/refresh', { body: { refreshToken: laptop.refreshToken } });
    expect(other.body.error.code).toBe('token_revoked');

    expect(await tryLogin(url, 'alice', 'correct horse')).toEqual({
      status: 401,
      code: 'invalid_credentials',
    });
    expect((await tryLogin(url, 'alice', 'battery staple')).status).toBe(200);
  });

  it('limits attempts at the current password like logins', async () => {
    const { url } = await quickServer({ loginRate: { max: 3, windowMs: 60_000 } });
    const alice = await register(url, 'alice');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await http(url, '/api/password', {
        token: alice.token,
        body: { currentPassword: `guess ${i} guess`, newPassword: 'battery staple' },
      });
      codes.push(answer.body.error.code);
    }
    expect(codes).toEqual([
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'rate_limited',
    ]);
  });
});
