import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { connect, register, request, startServer, tempDir } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

const connected = (s: { connection: { kind: string } }) => s.connection.kind === 'connected';

describe('ChatClient rooms, invitations and blocks against a real server', () => {
  it('shows invitations without reloading anything, and enters a room only when accepted', async () => {
    const { url } = await startServer();
    const alice = await connect(url, (await register(url, 'alice')).token);
    const { client } = await signedInClient(url, 'bob');
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    const sent: string[] = [];
    client.socket.onAnyOutgoing((event: string) => sent.push(event));
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { room } = await request(alice, 'room:create', { name: `p${i}`, kind: 'private' });
      await request(alice, 'room:invite', { roomId: room.id, username: 'bob' });
      ids.push(room.id);
    }
    const invited = await until(client, (s) => s.invitations.length === 5);
    expect(invited.invitations.map((i) => i.room.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(Object.keys(invited.rooms)).toEqual(['1']);
    expect(sent).toEqual([]); // five invitations cost the invitee nothing

    expect(await client.acceptInvitation(ids[2] ?? 0)).toEqual({ ok: true });
    const entered = await until(client, (s) => s.rooms[ids[2] ?? 0]?.loaded === true);
    expect(entered.activeRoomId).toBe(ids[2]);
    expect(entered.invitations).toHaveLength(4);
    expect(await client.declineInvitation(ids[0] ?? 0)).toEqual({ ok: true });
    expect(client.getState().invitations.map((i) => i.room.name)).toEqual(['p1', 'p3', 'p4']);
    expect(sent).not.toContain('rooms:list');
    expect(sent.filter((e) => e === 'message:history').length).toBeLessThanOrEqual(2);
  });

  it('loads every room it is in past one page, catching up without tripping the rate limit', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore(dataDir);
    const { url } = await startServer({ dataDir, store });
    const owner = await register(url, 'owner');
    const { client, pair } = await signedInClient(url, 'bob');
    for (let i = 0; i < 120; i++) {
      const made = await store.createRoom({
        name: `r${i}`,
        kind: 'public',
        createdBy: owner.user.id,
        now: Date.now(),
      });
      if (made.ok) await store.addMember(made.room.id, pair.user.id);
    }
    client.start();
    // 121 rooms: two pages of rooms:list, then 121 history requests against a budget of 40.
    const loaded = await until(
      client,
      (s) => Object.keys(s.rooms).length === 121 && Object.values(s.rooms).every((r) => r.loaded),
      20_000,
    );
    expect(loaded.activeRoomId).toBe(1);
    const page = await client.browseRooms();
    expect(page).toEqual({ rooms: [], nextCursor: null });
  }, 30_000);
});
