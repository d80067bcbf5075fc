import { describe, expect, it } from 'vitest';
import type { Message, Profile } from '../../server/protocol.js';
import { connect, disconnected, http, next, register, request } from './helpers.js';
import { GENERAL, send } from './message-helpers.js';
import { quickServer, tryLogin, withDatabase } from './account-helpers.js';

const fast = {
  messageRate: { perSecond: 1000, burst: 1000 },
  eventRate: { perSecond: 1000, burst: 1000 },
};
const history = async (socket: Parameters<typeof request>[0]) => {
  const page = await request(socket, 'message:history', { roomId: GENERAL, limit: 50 });
  expect(page.ok).toBe(true);
  return page.messages as Message[];
};
const remove = (url: string, token: string, password: string) =>
  http(url, '/api/account/delete', { token, body: { password } });

describe('account deletion', () => {
  it('keeps the messages under "Deleted user" and holds the username', async () => {
    const { url, dataDir } = await quickServer(fast);
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob', { displayName: 'Bob B.' });
    const aliceSocket = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);
    const sent = await send(bobSocket, 'hello from bob');

    const wrong = await remove(url, bob.token, 'not my password');
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const owner = await remove(url, alice.token, 'correct horse');
    expect(owner.status).toBe(403);
    expect(owner.body.error.code).toBe('forbidden');
    expect(bobSocket.connected).toBe(true);

    const revoked = next(bobSocket, 'auth:revoked');
    const gone = disconnected(bobSocket);
    const announced = next<{ user: Profile }>(
      aliceSocket,
      'user:updated',
      (p) => p.user.id === bob.user.id,
    );
    const roomUpdate = next(aliceSocket, 'room:updated', (p) => p.room.id === GENERAL);
    const answer = await remove(url, bob.token, 'correct horse');
    expect(answer.status).toBe(204);
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    const profile = (await announced).user;
    expect(profile).toMatchObject({ id: bob.user.id, displayName: 'Deleted user', deleted: true });
    expect(profile.username).toBe(`~deleted-${bob.user.id}`);
    expect((await roomUpdate).room.memberCount).toBe(1);

    const kept = (await history(aliceSocket)).find((m) => m.id === sent.id);
    expect(kept?.text).toBe('hello from bob');
    expect(kept?.author).toMatchObject({ id: bob.user.id, displayName: 'Deleted user' });
    expect(kept?.deletedAt).toBeUndefined();

    // Nobody signs in as it, by either name; its tokens are dead.
    expect((await tryLogin(url, 'bob', 'correct horse')).code).toBe('invalid_credentials');
    const refresh = await http(url, '/api/refresh', { body: { refreshToken: bob.refreshToken } });
    expect(refresh.body.error.code).toBe('token_revoked');
    expect((await http(url, '/api/sessions', { token: bob.token })).status).toBe(401);

    // The username is held for 30 days.
    const until = withDatabase(dataDir, (db) =>
      db.prepare(`SELECT until FROM reserved_usernames WHERE username = 'bob'`).get(),
    ) as { until: number };
    expect(until.until).toBeGreaterThan(Date.now() + 29.9 * 24 * 3600_000);
    expect(until.until).toBeLessThanOrEqual(Date.now() + 30 * 24 * 3600_000);
    const again = await http(url, '/api/register', {
      body: { username: 'BOB', password: 'another one' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('username_taken');
    // Once the hold is over, the name is free for a new account (not the old one).
    withDatabase(dataDir, (db) =>
      db
        .prepare(`UPDATE reserved_usernames SET until = ? WHERE username = 'bob'`)
        .run(Date.now() - 1),
    );
    const newBob = await register(url, 'bob', { password: 'another one' });
    expect(newBob.user.id).not.toBe(bob.user.id);
    const still = (await history(aliceSocket)).find((m) => m.id === sent.id);
    expect(still?.author.displayName).toBe('Deleted user');
  });

  it("tombstones the account's messages when the server says delete", async () => {
    const { url } = await quickServer(fast);
    const alice = await register(url, 'alice');
    const carol = await register(url, 'carol');
    const aliceSocket = await connect(url, alice.token);
    const carolSocket = await connect(url, carol.token);
    const first = await send(carolSocket, 'first @alice');
    const second = await send(carolSocket, 'second');
    const mine = await send(aliceSocket, 'from alice');
    expect(
      (await request(aliceSocket, 'message:react', { messageId: first.id, emoji: '👍', on: true }))
        .ok,
    ).toBe(true);
    const set = await request(aliceSocket, 'admin:settings-update', {
      deletedUserMessages: 'delete',
    });
    expect(set.ok).toBe(true);
    const before = (await request(aliceSocket, 'room:join', { roomId: GENERAL })).room.changeSeq;

    const roomUpdate = next(aliceSocket, 'room:updated', (p) => p.room.id === GENERAL);
    expect((await remove(url, carol.token, 'correct horse')).status).toBe(204);
    const changeSeq = (await roomUpdate).room.changeSeq as number;
    expect(changeSeq).toBeGreaterThan(before);

    const page = await history(aliceSocket);
    for (const id of [first.id, second.id]) {
      const gone = page.find((m) => m.id === id);
      expect(gone?.text).toBe('');
      expect(gone?.deletedAt).toBeGreaterThan(0);
      expect(gone?.reactions ?? []).toEqual([]);
    }
    expect(page.find((m) => m.id === mine.id)?.text).toBe('from alice');
    // The change feed carries both tombstones to a client that was away.
    const feed = await request(aliceSocket, 'message:changes', {
      rooms: [{ roomId: GENERAL, since: before }],
    });
    expect(feed.ok).toBe(true);
    expect((feed.messages as Message[]).map((m) => m.id).sort()).toEqual([first.id, second.id]);
  });
});
