import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../server/options.js';
import type { Message, Room } from '../../server/protocol.js';
import { connect, next, register, request, sleep, startServer, type Client } from './helpers.js';

const NOT_TAKING = {
  code: 'forbidden',
  message: 'This person is not taking direct messages from you.',
};

/**
 * A server with the owner (registered first) and then these people, each with one open socket,
 * the owner's first: the owner is exempt from quotas, so the tests' people are not the owner.
 */
async function people<const N extends string[]>(
  names: N,
  options: Partial<ChatServerOptions> = {},
): Promise<[Client, ...{ [K in keyof N]: Client }]> {
  const { url } = await startServer(options);
  const sockets: Client[] = [];
  for (const name of ['owner', ...names])
    sockets.push(await connect(url, (await register(url, name)).token));
  return sockets as [Client, ...{ [K in keyof N]: Client }];
}

/** The ids of every room in a `room:updated` the socket gets from now on. */
function updates(socket: Client) {
  const seen: number[] = [];
  socket.on('room:updated', ({ room }) => seen.push(room.id));
  return seen;
}

const send = (socket: Client, roomId: number, text: string) =>
  request(socket, 'message:send', { roomId, text, clientId: text.replace(/\W/g, '_') });

describe('group direct messages: blocks, leaving, quotas and announcements', () => {
  it('stops a member writing in a group once another member blocks them', async () => {
    const [, alice, bob, carol] = await people(['alice', 'bob', 'carol']);
    const room: Room = (await request(bob, 'dm:open', { usernames: ['alice', 'carol'] })).room;
    const before: Message = (await send(alice, room.id, 'before')).message;
    expect(await request(carol, 'user:block', { username: 'alice' })).toEqual({ ok: true });
    expect((await send(alice, room.id, 'after')).error).toEqual(NOT_TAKING);
    const edit = await request(alice, 'message:edit', { messageId: before.id, text: 'edited' });
    expect(edit.error).toEqual(NOT_TAKING);
    const react = { messageId: before.id, emoji: '👍', on: true };
    expect((await request(alice, 'message:react', react)).error).toEqual(NOT_TAKING);
    // The blocker and everyone else still write there.
    expect((await send(carol, room.id, 'from carol')).ok).toBe(true);
    expect((await send(bob, room.id, 'from bob')).ok).toBe(true);
  });

  it('lets a member leave a group, not a pair, and adds them back when the set is opened again', async () => {
    const [, alice, bob, carol] = await people(['alice', 'bob', 'carol']);
    const room: Room = (await request(bob, 'dm:open', { usernames: ['alice', 'carol'] })).room;
    const pair: Room = (await request(bob, 'dm:open', { usernames: ['alice'] })).room;
    expect((await request(alice, 'room:leave', { roomId: pair.id })).error.code).toBe('forbidden');
    const carolSees = next<{ room: Room }>(
      carol,
      'room:updated',
      ({ room: r }) => r.id === room.id,
    );
    expect(await request(alice, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    expect((await carolSees).room.memberCount).toBe(2);
    expect((await send(alice, room.id, 'gone?')).error.code).toBe('not_member');
    // Two left in a group is still a group: carol's block stops bob, not carol.
    expect(await request(carol, 'user:block', { username: 'bob' })).toEqual({ ok: true });
    expect((await send(bob, room.id, 'still here')).error).toEqual(NOT_TAKING);
    expect((await send(carol, room.id, 'carol writes')).ok).toBe(true);
    expect(await request(carol, 'user:unblock', { username: 'bob' })).toEqual({ ok: true });

    const aliceBack = next<{ room: Room }>(
      alice,
      'room:updated',
      ({ room: r }) => r.id === room.id,
    );
    const reopened = await request(carol, 'dm:open', { usernames: ['bob', 'alice'] });
    expect(reopened.room.id).toBe(room.id);
    expect((await aliceBack).room.memberCount).toBe(3);
    expect((await send(alice, room.id, 'back')).ok).toBe(true);

    // Someone who left and then blocked a member is not put back.
    expect(await request(alice, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    expect(await request(alice, 'user:block', { username: 'bob' })).toEqual({ ok: true });
    const refused = await request(bob, 'dm:open', { usernames: ['alice', 'carol'] });
    expect(refused.error).toEqual(NOT_TAKING);
    expect((await request(carol, 'room:members', { roomId: room.id })).total).toBe(2);
  });

  it('counts a new group against the hourly room quota; reopening, pairs and the owner are free', async () => {
    const quota = { roomQuota: { perHour: 2, total: 100 } };
    const [owner, alice] = await people(['alice', 'bob', 'carol', 'dave', 'eve'], quota);
    expect((await request(alice, 'room:create', { name: 'one', kind: 'public' })).ok).toBe(true);
    const group = await request(alice, 'dm:open', { usernames: ['bob', 'carol'] });
    expect(group.ok).toBe(true);
    const past = await request(alice, 'dm:open', { usernames: ['bob', 'dave'] });
    expect(past.error.code).toBe('rate_limited');
    expect(past.error.retryAfterMs).toBeGreaterThan(3_590_000);
    expect((await request(alice, 'room:create', { name: 'two', kind: 'public' })).error.code).toBe(
      'rate_limited',
    );
    expect((await request(alice, 'dm:open', { usernames: ['carol', 'bob'] })).ok).toBe(true);
    expect((await request(alice, 'dm:open', { usernames: ['eve'] })).ok).toBe(true);
    for (const others of [
      ['bob', 'carol'],
      ['bob', 'dave'],
      ['bob', 'eve'],
      ['dave', 'eve'],
    ])
      expect((await request(owner, 'dm:open', { usernames: others })).ok).toBe(true);
  });

  it('announces a group only when it is created or someone is added back', async () => {
    const [, alice, bob, carol] = await people(['alice', 'bob', 'carol']);
    const [bobSaw, carolSaw] = [updates(bob), updates(carol)];
    const told = [bob, carol].map((socket) => next(socket, 'room:updated'));
    const roomId = (await request(alice, 'dm:open', { usernames: ['bob', 'carol'] })).room.id;
    await Promise.all(told);
    for (let i = 0; i < 3; i++) await request(alice, 'dm:open', { usernames: ['carol', 'bob'] });
    await request(bob, 'dm:open', { usernames: ['alice', 'carol'] });
    await sleep(150);
    expect([bobSaw, carolSaw]).toEqual([[roomId], [roomId]]);
  });
});
