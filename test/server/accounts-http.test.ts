import { describe, expect, it } from 'vitest';
import { http, register, startServer } from './helpers.js';

const login = (url: string, username: string, password = 'correct horse') =>
  http(url, '/api/login', { body: { username, password } });

describe('accounts over HTTP', () => {
  it('registers (the first account is the owner), logs in and describes the server', async () => {
    const { url, server } = await startServer({ name: 'Office', maxTextLength: 500 });
    const info = await http(url, '/api/info');
    expect(info.body).toEqual({
      name: 'Office',
      serverId: server.serverId,
      version: '0.1.0',
      protocol: 5,
      registration: 'open',
      setupNeeded: true,
      // Loopback to a loopback-only server: the owner may be created without the setup code.
      setupCodeRequired: false,
      // The composer reads the server's own limit from here.
      limits: { maxTextLength: 500, maxFileBytes: 25 * 1024 * 1024, maxAttachments: 10 },
    });
    const alice = await register(url, 'Alice', { displayName: 'Alice L.' });
    expect(alice.user).toEqual({
      id: 1,
      username: 'alice',
      displayName: 'Alice L.',
      role: 'owner',
    });
    expect((await http(url, '/api/info')).body.setupNeeded).toBe(false);
    expect(alice.expiresAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(alice.expiresAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    const bob = await register(url, 'bob');
    expect(bob.user).toMatchObject({ username: 'bob', displayName: 'bob', role: 'member' });
    const again = await login(url, 'ALICE');
    expect(again.status).toBe(200);
    expect(again.body.user.username).toBe('alice');
    expect(again.body.refreshToken).not.toBe(alice.refreshToken);
  });

  it('validates register bodies and refuses taken usernames regardless of case', async () => {
    const { url } = await startServer();
    await register(url, 'alice');
    const bad = [
      { username: 'al', password: 'longenough' },
      { username: 'a'.repeat(33), password: 'longenough' },
      { username: 'al ice', password: 'longenough' },
      { username: 'alice2', password: 'short' },
      { username: 'alice2', password: 12345678 },
      { username: 'alice2', password: 'longenough', displayName: 'a\u0007b' },
      'not an object',
      [1, 2],
      null,
    ];
    for (const body of bad) {
      const answer = await http(url, '/api/register', { body: JSON.stringify(body) });
      expect({ body, status: answer.status, code: answer.body.error.code }).toEqual({
        body,
        status: 400,
        code: 'invalid_payload',
      });
    }
    const taken = await http(url, '/api/register', {
      body: { username: 'ALICE', password: 'longenough' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('username_taken');
  });

  it('answers unknown user and wrong password alike, in body and in cost', async () => {
    const { url } = await startServer({ loginRate: { max: 1000, windowMs: 60_000 } });
    await register(url, 'alice');
    const timed = async (username: string) => {
      const start = performance.now();
      const answer = await login(url, username, 'wrong password');
      return { answer, ms: performance.now() - start };
    };
    const wrong = await timed('alice');
    const unknown = await timed('nobody');
    expect(wrong.answer.status).toBe(401);
    expect(unknown.answer.status).toBe(401);
    expect(unknown.answer.body).toEqual(wrong.answer.body);
    expect(wrong.answer.body.error.code).toBe('invalid_credentials');
    // Both paths run scrypt; without the dummy hash the unknown user answers in ~1 ms.
    const median = async (username: string) => {
      const times = [];
      for (let i = 0; i < 5; i++) times.push((await timed(username)).ms);
      return times.sort((x, y) => x - y)[2] ?? 0;
    };
    const [w, u] = [await median('alice'), await median('nobody')];
    expect(u).toBeGreaterThan(w * 0.5);
    expect(u).toBeLessThan(w * 2);
  });

  it('rate limits login per IP and username with 429 and Retry-After', async () => {
    const { url } = await startServer();
    await register(url, 'alice');
    for (let i = 0; i < 10; i++) expect((await login(url, 'alice', 'nope nope')).status).toBe(401);
    const limited = await login(url, 'alice');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(url, 'bob')).status).toBe(401); // another username has its own budget
  });

  it('rotates refresh tokens and revokes the session when a spent one comes back', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const first = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(alice.refreshToken);
    expect(first.body.user.username).toBe('alice');
    const second = await http(url, '/api/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    // Two rotations back: reuse, whatever the grace window for the previous token
    // (refresh-grace.test.ts).
    const reuse = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('token_revoked');
    // The whole session is gone: even the newest refresh token no longer works.
    const newest = await http(url, '/api/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(newest.body.error.code).toBe('token_revoked');
    const unknown = await http(url, '/api/refresh', { body: { refreshToken: 'made-up' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_token');
  });

  it('logs out: the session ends and its refresh token dies', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    expect((await http(url, '/api/logout', { method: 'POST' })).body.error.code).toBe(
      'credentials_required',
    );
    expect((await http(url, '/api/logout', { method: 'POST', token: alice.token })).status).toBe(
      204,
    );
    const refresh = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    expect(refresh.body.error.code).toBe('token_revoked');
  });

  it('follows the registration policy: closed, and invite with single-use codes', async () => {
    const closed = await startServer({ registration: 'closed' });
    await register(closed.url, 'owner'); // the first account is always allowed: someone must own it
    const refused = await http(closed.url, '/api/register', {
      body: { username: 'eve', password: 'longenough' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'registration_closed']);

    const { url } = await startServer({ registration: 'invite' });
    const owner = await register(url, 'owner');
    const member = await register(url, 'member', { invite: await invite(url, owner.token) });
    expect(member.user.role).toBe('member');
    const notOwner = await http(url, '/api/invites', { method: 'POST', token: member.token });
    expect([notOwner.status, notOwner.body.error.code]).toEqual([403, 'forbidden']);
    const code = await invite(url, owner.token);
    expect((await register(url, 'first', { invite: code })).user.username).toBe('first');
    const second = await http(url, '/api/register', {
      body: { username: 'second', password: 'longenough', invite: code },
    });
    expect([second.status, second.body.error.code]).toEqual([403, 'invalid_invite']);
    const none = await http(url, '/api/register', {
      body: { username: 'second', password: 'longenough' },
    });
    expect(none.body.error.code).toBe('invalid_invite');
  });

  it('refuses an expired invite', async () => {
    const { url } = await startServer({ registration: 'invite', inviteTtlSec: 1 });
    const owner = await register(url, 'owner');
    const code = await invite(url, owner.token);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await http(url, '/api/register', {
      body: { username: 'late', password: 'longenough', invite: code },
    });
    expect(late.body.error.code).toBe('invalid_invite');
  });

  it('lets the owner ban and unban; a banned user cannot log in or refresh', async () => {
    const { url } = await startServer();
    const owner = await register(url, 'owner');
    const bob = await register(url, 'bob');
    const byBob = await http(url, '/api/admin/ban', {
      token: bob.token,
      body: { username: 'owner' },
    });
    expect(byBob.body.error.code).toBe('forbidden');
    const ban = await http(url, '/api/admin/ban', {
      token: owner.token,
      body: { username: 'bob' },
    });
    expect(ban.body.user.username).toBe('bob');
    expect((await login(url, 'bob')).body.error.code).toBe('banned');
    expect(
      (await http(url, '/api/refresh', { body: { refreshToken: bob.refreshToken } })).body.error
        .code,
    ).toBe('token_revoked');
    expect((await login(url, 'bob', 'wrong password')).body.error.code).toBe('invalid_credentials');
    await http(url, '/api/admin/unban', { token: owner.token, body: { username: 'bob' } });
    expect((await login(url, 'bob')).status).toBe(200);
    const ghost = await http(url, '/api/admin/ban', {
      token: owner.token,
      body: { username: 'ghost' },
    });
    expect([ghost.status, ghost.body.error.code]).toEqual([404, 'not_found']);
  });
});

async function invite(url: string, token: string): Promise<string> {
  const answer = await http(url, '/api/invites', { method: 'POST', token });
  expect(answer.status).toBe(201);
  return answer.body.code;
}
