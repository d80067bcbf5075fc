import { describe, expect, it } from 'vitest';
import type { MembersPage } from '../../server/protocol.js';
import { connect, next, register, request, startServer } from './helpers.js';

type Member = MembersPage['members'][number];
const names = (members: Member[]) => members.map((m) => `${m.username}${m.online ? '*' : ''}`);

/** `count` people (user01, user02, …) in general; only those in `online` connect. */
async function room(count: number, online: number[]) {
  const { url } = await startServer();
  const users = [];
  for (let i = 1; i <= count; i++)
    users.push(await register(url, `user${String(i).padStart(2, '0')}`));
  const sockets = [];
  for (const i of online) sockets.push(await connect(url, users[i - 1]!.token));
  return { url, users, sockets };
}

describe('room:members', () => {
  it('lists every member, offline ones too, online ones first', async () => {
    const { sockets } = await room(5, [4, 2]);
    const page: MembersPage = await request(sockets[0]!, 'room:members', { roomId: 1 });
    expect(page).toMatchObject({ ok: true, nextCursor: null, total: 5 });
    expect(names(page.members)).toEqual(['user02*', 'user04*', 'user01', 'user03', 'user05']);
    expect(page.members[0]).toEqual({
      id: 2,
      username: 'user02',
      displayName: 'user02',
      online: true,
    });
  });

  it('pages: the first page online first, later pages by id; together they name everyone', async () => {
    const { sockets } = await room(7, [6, 3]);
    const first: MembersPage = await request(sockets[0]!, 'room:members', { roomId: 1, limit: 3 });
    expect(names(first.members)).toEqual(['user03*', 'user06*', 'user01']);
    expect(first.nextCursor).toBe(1);
    const second = await request(sockets[0]!, 'room:members', { roomId: 1, after: 1, limit: 3 });
    // Later pages go by id, online or not: user03 shows again, and a client merges by id.
    expect(names(second.members)).toEqual(['user02', 'user03*', 'user04']);
    expect(second.nextCursor).toBe(4);
    const third = await request(sockets[0]!, 'room:members', { roomId: 1, after: 4, limit: 3 });
    expect(names(third.members)).toEqual(['user05', 'user06*', 'user07']);
    expect(third.nextCursor).toBeNull();
    expect(third.total).toBe(7);
  });

  it('caps the online part at the limit and pages on from the start', async () => {
    const { sockets } = await room(3, [1, 2, 3]);
    const first = await request(sockets[0]!, 'room:members', { roomId: 1, limit: 2 });
    expect(names(first.members)).toEqual(['user01*', 'user02*']);
    expect(first.nextCursor).toBe(0);
    const rest = await request(sockets[0]!, 'room:members', { roomId: 1, after: 0, limit: 2 });
    expect(names(rest.members)).toEqual(['user01*', 'user02*']);
    const last = await request(sockets[0]!, 'room:members', { roomId: 1, after: 2, limit: 2 });
    expect(names(last.members)).toEqual(['user03*']);
    expect(last.nextCursor).toBeNull();
  });

  it('shows someone online once they connect, and only the members of that room', async () => {
    const { url, users, sockets } = await room(3, [1]);
    const dm = (await request(sockets[0]!, 'dm:open', { usernames: ['user03'] })).room;
    const before = await request(sockets[0]!, 'room:members', { roomId: dm.id });
    expect(names(before.members)).toEqual(['user01*', 'user03']);
    const seen = next(
      sockets[0]!,
      'presence',
      (p: { roomId: number; online: unknown[] }) => p.roomId === dm.id && p.online.length === 2,
    );
    await connect(url, users[2]!.token);
    await seen;
    const after = await request(sockets[0]!, 'room:members', { roomId: dm.id });
    expect(names(after.members)).toEqual(['user01*', 'user03*']);
    expect(after.total).toBe(2);
  });

  it('answers not_member outside the room, and invalid_payload to a bad limit', async () => {
    const { sockets } = await room(3, [1, 2]);
    const dm = (await request(sockets[0]!, 'dm:open', { usernames: ['user03'] })).room;
    const outsider = await request(sockets[1]!, 'room:members', { roomId: dm.id });
    expect(outsider.error.code).toBe('not_member');
    expect((await request(sockets[1]!, 'room:members', { roomId: 999 })).error.code).toBe(
      'not_member',
    );
    for (const limit of [0, 201])
      expect((await request(sockets[0]!, 'room:members', { roomId: 1, limit })).error.code).toBe(
        'invalid_payload',
      );
  });
});
