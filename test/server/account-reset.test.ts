import { describe, expect, it } from 'vitest';
import type { AuditEntry, PasswordResetIssued } from '../../server/protocol.js';
import { connect, disconnected, http, next, register, request } from './helpers.js';
import { makeAdmin, quickServer, tryLogin } from './account-helpers.js';

const redeem = (url: string, username: string, code: string, newPassword = 'fresh password') =>
  http(url, '/api/password/reset', { body: { username, code, newPassword } });

describe('password reset by an admin', () => {
  it('makes a one-time code that sets the password and ends every session', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const carol = await register(url, 'carol');
    const owner = await connect(url, alice.token);
    const carolSocket = await connect(url, carol.token);

    const issued = await request(owner, 'admin:reset-password', { userId: carol.user.id });
    expect(issued.ok).toBe(true);
    const { code, expiresAt } = issued as PasswordResetIssued;
    expect(code.length).toBeGreaterThanOrEqual(20);
    expect(expiresAt).toBeGreaterThan(Date.now() + 23.9 * 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);

    const wrongCode = await redeem(url, 'carol', `${code}x`);
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.error.code).toBe('invalid_reset_code');
    const wrongUser = await redeem(url, 'alice', code);
    expect(wrongUser.body.error.code).toBe('invalid_reset_code');
    expect(carolSocket.connected).toBe(true);

    const revoked = next(carolSocket, 'auth:revoked');
    const gone = disconnected(carolSocket);
    const used = await redeem(url, 'carol', code);
    expect(used.status).toBe(200);
    expect(used.body.user).toMatchObject({ id: carol.user.id, username: 'carol' });
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    // The new session works; the old one does not; the code is spent.
    expect((await connect(url, used.body.token)).connected).toBe(true);
    const old = await http(url, '/api/refresh', { body: { refreshToken: carol.refreshToken } });
    expect(old.body.error.code).toBe('token_revoked');
    expect((await redeem(url, 'carol', code, 'third password')).body.error.code).toBe(
      'invalid_reset_code',
    );
    expect((await tryLogin(url, 'carol', 'correct horse')).code).toBe('invalid_credentials');
    expect((await tryLogin(url, 'carol', 'fresh password')).status).toBe(200);

    const audit = await request(owner, 'admin:audit', {});
    expect(audit.ok).toBe(true);
    const entry = (audit.entries as AuditEntry[]).find((e) => e.action === 'user.password_reset');
    expect(entry).toMatchObject({
      actor: { id: alice.user.id },
      target: { kind: 'user', id: String(carol.user.id), label: 'carol' },
    });
  });

  it('keeps one live code per user: a new one replaces the last', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const carol = await register(url, 'carol');
    const owner = await connect(url, alice.token);
    const first = await request(owner, 'admin:reset-password', { userId: carol.user.id });
    const second = await request(owner, 'admin:reset-password', { userId: carol.user.id });
    expect((await redeem(url, 'carol', first.code)).body.error.code).toBe('invalid_reset_code');
    expect((await redeem(url, 'carol', second.code)).status).toBe(200);
  });

  it('is for admins, on people they outrank', async () => {
    const { url, dataDir } = await quickServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const carol = await register(url, 'carol');
    const dave = await register(url, 'dave');
    makeAdmin(dataDir, bob.user.id);
    makeAdmin(dataDir, dave.user.id);
    const owner = await connect(url, alice.token);
    const admin = await connect(url, bob.token);
    const member = await connect(url, carol.token);
    const code = async (socket: typeof owner, userId: number) => {
      const answer = await request(socket, 'admin:reset-password', { userId });
      return answer.ok ? 'ok' : answer.error.code;
    };
    expect(await code(member, dave.user.id)).toBe('forbidden');
    expect(await code(member, alice.user.id)).toBe('forbidden');
    expect(await code(admin, alice.user.id)).toBe('forbidden');
    expect(await code(admin, dave.user.id)).toBe('forbidden');
    expect(await code(admin, carol.user.id)).toBe('ok');
    expect(await code(owner, dave.user.id)).toBe('ok');
    expect(await code(owner, alice.user.id)).toBe('forbidden');
    expect(await code(owner, 999)).toBe('not_found');
    const bad = await request(owner, 'admin:reset-password', { userId: 'carol' });
    expect(bad.error.code).toBe('invalid_payload');
  });

  it('sets a banned account’s password but still signs nobody in', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const carol = await register(url, 'carol');
    const owner = await connect(url, alice.token);
    const ban = await http(url, '/api/admin/ban', {
      token: alice.token,
      body: { username: 'carol' },
    });
    expect(ban.status).toBe(200);
    const issued = await request(owner, 'admin:reset-password', { userId: carol.user.id });
    const used = await redeem(url, 'carol', issued.code);
    expect(used.status).toBe(403);
    expect(used.body.error.code).toBe('banned');
    expect(await tryLogin(url, 'carol', 'fresh password')).toEqual({ status: 403, code: 'banned' });
  });

  it('limits attempts at codes per address', async () => {
    const { url } = await quickServer({ loginRate: { max: 3, windowMs: 60_000 } });
    await register(url, 'alice');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await redeem(url, 'alice', `guess-${i}`)).body.error.code);
    expect(codes).toEqual([
      'invalid_reset_code',
      'invalid_reset_code',
      'invalid_reset_code',
      'rate_limited',
    ]);
  });
});
