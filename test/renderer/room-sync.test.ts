import { describe, expect, it, vi } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { emptyRoom } from '../../renderer/src/lib/chat-state.js';
import { ReadState } from '../../renderer/src/lib/read-state.js';
import { patiently, type Requester } from '../../renderer/src/lib/room-directory.js';
import { RoomSync } from '../../renderer/src/lib/room-sync.js';
import { request as ask } from '../../renderer/src/lib/socket-request.js';
import { StateStore } from '../../renderer/src/lib/state-store.js';
import { connect, register, request, startServer, tempDir } from '../server/helpers.js';
import { signedInClient, texts, until } from './client-helpers.js';

const connected = (s: { connection: { kind: string } }) => s.connection.kind === 'connected';

describe('room sync', () => {
  it('catches up 200 joined rooms after a server restart, with no gap and nothing doubled', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore(dataDir);
    const first = await startServer({ dataDir, store });
    const port = Number(new URL(first.url).port);
    const owner = await register(first.url, 'owner');
    const { client, pair } = await signedInClient(first.url, 'alice');
    const bob = await register(first.url, 'bob');
    const roomIds = [1];
    for (let i = 0; i < 199; i++) {
      const now = Date.now();
      const made = await store.createRoom({ name: `r${i}`, kind: 'public', createdBy: 1, now });
      if (!made.ok) throw new Error(made.reason);
      for (const user of [pair.user.id, bob.user.id]) await store.addMember(made.room.id, user);
      roomIds.push(made.room.id);
    }
    expect(owner.user.role).toBe('owner');
    client.start();
    const allLoaded = (s: ReturnType<typeof client.getState>) =>
      roomIds.every((id) => s.rooms[id]?.loaded === true);
    await until(client, (s) => connected(s) && allLoaded(s), 30_000);

    await first.close();
    await until(client, (s) => s.connection.kind === 'reconnecting');
    // While alice is away, a message lands in every one of her rooms: 200 rooms to catch up
    // against an event budget of 40 at once, 20 a second.
    const fast = { perSecond: 1000, burst: 1000 };
    const second = await startServer({ dataDir, messageRate: fast }, port);
    const bobSocket = await connect(second.url, (await loginAs(second.url, 'bob')).token);
    for (const roomId of roomIds) {
      const sent = await request(bobSocket, 'message:send', {
        roomId,
        text: `missed in ${roomId}`,
        clientId: `m${roomId}`,
      });
      expect(sent.ok).toBe(true);
    }
    const caught = await until(
      client,
      (s) => connected(s) && roomIds.every((id) => texts(s, id).includes(`missed in ${id}`)),
      60_000,
    );
    for (const id of roomIds) {
      const ids = caught.rooms[id]?.messages.map((m) => m.id) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
    }
  }, 120_000);

  it('runs one sync at a time, and a message for an unknown room does not drop the rest', async () => {
    const { url, server } = await startServer();
    const alice = await register(url, 'alice');
    const lists: string[] = [];
    server.io.on('connection', (socket) =>
      socket.onAny((event: string) => {
        if (event === 'rooms:list') lists.push(event);
      }),
    );
    const socket = await connect(url, alice.token);
    const store = new StateStore({
      me: alice.user,
      serverUrl: url,
      connection: { kind: 'connected' },
      rooms: {},
      activeRoomId: null,
      invitations: [],
      blocked: [],
      thread: null,
    });
    const requester: Requester = (event, payload) => ask(socket, event, payload);
    const read = new ReadState(store, requester, () => false);
    const sync = new RoomSync(store, patiently(requester), read);
    // Five asks while one runs: one sync, then one more for the asks made during it.
    await Promise.all(Array.from({ length: 5 }, () => sync.sync()));
    expect(lists).toHaveLength(2);
    expect(store.get().rooms[1]?.loaded).toBe(true);

    const message = (id: number, roomId: number): Message => ({
      id,
      roomId,
      author: { id: 99, username: 'zed', displayName: 'Zed' },
      text: `t${id}`,
      clientId: `c${id}`,
      createdAt: Date.now(),
      seq: 0,
    });
    sync.receive([message(1000, 777), message(1001, 1)], true);
    expect(texts(store.get(), 1)).toContain('t1001');
    expect(store.get().rooms[1]?.unread).toBe(1);
    // The unknown room asked for one sync of its own, and only one.
    await vi.waitFor(() => expect(lists).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lists).toHaveLength(3);
    socket.close();
  });
});

describe('room sync after a reconnect', () => {
  it('fetches the gap even when a newer message arrives live before the room is caught up', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 1000, burst: 1000 } });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    for (let i = 1; i <= 60; i++)
      await request(socket, 'message:send', { roomId: 1, text: `m${i}`, clientId: `c${i}` });
    // The client held messages 1 to 10 when its connection dropped; 11 to 60 came meanwhile.
    const held = await request(socket, 'message:history', { roomId: 1, after: 0, limit: 10 });
    const listing = await request(socket, 'rooms:list', { joined: true });
    const store = new StateStore({
      me: alice.user,
      serverUrl: url,
      connection: { kind: 'connected' },
      rooms: {
        1: { ...emptyRoom(listing.rooms[0]), loaded: true, messages: held.messages },
      },
      activeRoomId: 1,
      invitations: [],
      blocked: [],
      thread: null,
    });
    const requester: Requester = (event, payload) => ask(socket, event, payload);
    const read = new ReadState(store, requester, () => false);
    const sync = new RoomSync(store, patiently(requester), read);
    const newest = await request(socket, 'message:history', { roomId: 1, limit: 1 });
    // The reconnect starts the sync; message 60 is pushed live before catch-up reaches room 1.
    const done = sync.sync();
    sync.receive(newest.messages, true);
    await done;
    const ids = store.get().rooms[1]?.messages.map((m) => m.id) ?? [];
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    socket.close();
  });
});

async function loginAs(url: string, username: string) {
  const answer = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'correct horse' }),
  });
  return (await answer.json()) as { token: string };
}
