import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../server/options.js';
import { connect, next, register, request, sleep, startServer, type Client } from './helpers.js';

async function people(options: Partial<ChatServerOptions> = {}) {
  const { url } = await startServer(options);
  const [alice, bob, eve] = [
    await register(url, 'alice'),
    await register(url, 'bob'),
    await register(url, 'eve'),
  ];
  const [a, b, e] = await Promise.all([alice, bob, eve].map((u) => connect(url, u.token)));
  return { url, bobToken: bob.token, a: a!, b: b!, e: e! };
}

/** Every room, invitation and message event the socket receives from now on, by name. */
function recorder(socket: Client) {
  const seen: string[] = [];
  socket.onAny((event: string) => {
    if (/^(room|rooms|invite|message)\b/.test(event)) seen.push(event);
  });
  return seen;
}

const privateRoom = async (socket: Client, name: string) =>
  (await request(socket, 'room:create', { name, kind: 'private' })).room.id as number;

describe('room invitations', () => {
  it('offers a room: the invitee gets one small event and is in no room until they accept', async () => {
    const { url, bobToken, a, b } = await people();
    const bobTab2 = await connect(url, bobToken);
    const roomId = await privateRoom(a, 'plans');
    const seen = recorder(b);
    const received = next(b, 'invite:received');
    expect(await request(a, 'room:invite', { roomId, username: 'bob' })).toEqual({ ok: true });
    const { invitation } = await received;
    expect(invitation).toMatchObject({
      room: { id: roomId, name: 'plans', kind: 'private', memberCount: 1 },
      inviter: { username: 'alice' },
    });
    expect(await request(a, 'room:invite', { roomId, username: 'bob' })).toEqual({ ok: true });
    await sleep(100);
    expect(seen).toEqual(['invite:received']); // once, and no membership change
    expect((await request(b, 'message:history', { roomId })).error.code).toBe('not_member');
    expect((await request(b, 'invites:list', {})).invitations).toEqual([invitation]);

    expect(await request(b, 'invite:decline', { roomId })).toEqual({ ok: true });
    expect((await request(b, 'invites:list', {})).invitations).toEqual([]);
    expect((await request(b, 'invite:accept', { roomId })).error.code).toBe('not_found');

    await request(a, 'room:invite', { roomId, username: 'bob' });
    const aliceSees = next(a, 'room:updated', (p) => p.room.memberCount === 2);
    const otherTab = next(bobTab2, 'invite:removed');
    const accepted = await request(b, 'invite:accept', { roomId });
    expect(accepted.room).toMatchObject({ id: roomId, memberCount: 2 });
    await aliceSees;
    expect(await otherTab).toEqual({ roomId });
    const bobGets = next(bobTab2, 'message');
    await request(a, 'message:send', { roomId, text: 'welcome', clientId: 'w1' });
    expect((await bobGets).text).toBe('welcome');
  });

  it('bounds invitations: per inviter and hour, and waiting per invitee', async () => {
    const { a, b, e } = await people({ invitationLimits: { perHour: 3, pendingPerInvitee: 2 } });
    const rooms = [];
    for (let i = 0; i < 4; i++) rooms.push(await privateRoom(a, `r${i}`));
    const invite = (roomId: number | undefined, username: string) =>
      request(a, 'room:invite', { roomId, username });
    expect((await invite(rooms[0], 'bob')).ok).toBe(true);
    expect((await invite(rooms[1], 'bob')).ok).toBe(true);
    expect((await invite(rooms[2], 'bob')).error.code).toBe('quota_exceeded');
    expect((await invite(rooms[0], 'eve')).ok).toBe(true); // the third this hour
    const refused = await invite(rooms[1], 'eve');
    expect(refused.error.code).toBe('rate_limited');
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    expect((await request(b, 'invites:list', {})).invitations).toHaveLength(2);
    expect((await request(e, 'invites:list', {})).invitations).toHaveLength(1);
  });

  it('lets only a member invite, and never into a direct conversation', async () => {
    const { a, e } = await people();
    const roomId = await privateRoom(a, 'closed');
    expect((await request(e, 'room:invite', { roomId, username: 'eve' })).error.code).toBe(
      'not_member',
    );
    const dm = (await request(a, 'dm:open', { usernames: ['bob'] })).room.id;
    expect((await request(a, 'room:invite', { roomId: dm, username: 'eve' })).error.code).toBe(
      'forbidden',
    );
    expect((await request(a, 'room:invite', { roomId, username: 'nobody' })).error.code).toBe(
      'not_found',
    );
  });
});

describe('blocking', () => {
  it('stops direct messages both ways and drops invitations, without saying "blocked"', async () => {
    const { a: alice, e: eve } = await people();
    const dm = (await request(eve, 'dm:open', { usernames: ['alice'] })).room.id;
    const lure = await privateRoom(eve, 'lure');
    await request(eve, 'room:invite', { roomId: lure, username: 'alice' });
    const withdrawn = next(alice, 'invite:removed');
    expect(await request(alice, 'user:block', { username: 'eve' })).toEqual({ ok: true });
    expect(await withdrawn).toEqual({ roomId: lure });
    expect((await request(alice, 'invites:list', {})).invitations).toEqual([]);

    const opened = await request(eve, 'dm:open', { usernames: ['alice'] });
    expect(opened.error.code).toBe('forbidden');
    expect(opened.error.message).not.toMatch(/block/i);
    const sent = await request(eve, 'message:send', { roomId: dm, text: 'hey', clientId: 'e1' });
    expect(sent.error).toEqual(opened.error);
    const own = await request(alice, 'message:send', { roomId: dm, text: 'hi', clientId: 'a1' });
    expect(own.error.code).toBe('forbidden');

    const seen = recorder(alice);
    const other = await privateRoom(eve, 'lure 2');
    expect(await request(eve, 'room:invite', { roomId: other, username: 'alice' })).toEqual({
      ok: true,
    });
    await sleep(100);
    expect(seen).toEqual([]);
    expect((await request(alice, 'invites:list', {})).invitations).toEqual([]);
    expect((await request(alice, 'blocks:list', {})).users).toEqual([
      { id: 3, username: 'eve', displayName: 'eve' },
    ]);

    expect(await request(alice, 'user:unblock', { username: 'eve' })).toEqual({ ok: true });
    expect((await request(alice, 'blocks:list', {})).users).toEqual([]);
    expect((await request(eve, 'dm:open', { usernames: ['alice'] })).room.id).toBe(dm);
    const after = await request(eve, 'message:send', { roomId: dm, text: 'ok?', clientId: 'e2' });
    expect(after.ok).toBe(true);
  });

  it('refuses blocking oneself or nobody', async () => {
    const { a } = await people();
    expect((await request(a, 'user:block', { username: 'alice' })).error.code).toBe(
      'invalid_payload',
    );
    expect((await request(a, 'user:block', { username: 'nobody' })).error.code).toBe('not_found');
  });
});
