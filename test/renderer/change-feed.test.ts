import { describe, expect, it } from 'vitest';
import { emptyRoom } from '../../renderer/src/lib/chat-state.js';
import { ReadState } from '../../renderer/src/lib/read-state.js';
import { patiently, type Requester } from '../../renderer/src/lib/room-directory.js';
import { RoomSync } from '../../renderer/src/lib/room-sync.js';
import { request as ask } from '../../renderer/src/lib/socket-request.js';
import { StateStore } from '../../renderer/src/lib/state-store.js';
import { connect, register, request, startServer } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

const connected = (s: { connection: { kind: string } }) => s.connection.kind === 'connected';

describe('change feed in the web client', () => {
  it('after time away, applies edits, deletions, reactions and reply counts to what it holds', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const a = await connect(url, alice.token);
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const sent = await request(a, 'message:send', {
        roomId: 1,
        text: `m${i}`,
        clientId: `c${i}`,
      });
      ids.push(sent.message.id);
    }
    // Bob's client held the room as it was; then he was away while Alice changed it.
    const b = await connect(url, bob.token);
    const held = await request(b, 'message:history', { roomId: 1, limit: 50 });
    const listing = await request(b, 'rooms:list', { joined: true });
    const store = new StateStore({
      me: bob.user,
      serverUrl: url,
      connection: { kind: 'connected' },
      rooms: {
        1: {
          ...emptyRoom(listing.rooms[0]),
          loaded: true,
          messages: held.messages,
          changeSeq: held.changeSeq,
        },
      },
      activeRoomId: 1,
      invitations: [],
      blocked: [],
      thread: null,
    });
    const [m1, m2, m3, m4] = ids as [number, number, number, number];
    await request(a, 'message:edit', { messageId: m1, text: 'm1 fixed' });
    await request(a, 'message:edit', { messageId: m1, text: 'm1 fixed twice' });
    await request(a, 'message:delete', { messageId: m2 });
    await request(a, 'message:react', { messageId: m3, emoji: '🎉', on: true });
    await request(a, 'message:send', {
      roomId: 1,
      text: 'in thread',
      clientId: 't1',
      threadId: m4,
    });

    const asked: string[] = [];
    const requester: Requester = (event, payload) => {
      asked.push(event);
      return ask(b, event, payload);
    };
    const sync = new RoomSync(
      store,
      patiently(requester),
      new ReadState(store, requester, () => false),
    );
    await sync.sync();

    const room = store.get().rooms[1];
    const byId = new Map(room?.messages.map((m) => [m.id, m]));
    expect(byId.get(m1)?.text).toBe('m1 fixed twice');
    expect(byId.get(m1)?.editedAt).toBeGreaterThan(0);
    expect(byId.get(m2)).toMatchObject({ text: '' });
    expect(byId.get(m2)?.deletedAt).toBeGreaterThan(0);
    expect(byId.get(m3)?.reactions).toEqual([{ emoji: '🎉', count: 1, userIds: [alice.user.id] }]);
    expect(byId.get(m4)?.thread?.replyCount).toBe(1);
    // The thread reply stays in its thread; the room's timeline is the five messages.
    expect(room?.messages.map((m) => m.text)).not.toContain('in thread');
    expect(asked.filter((e) => e === 'message:changes')).toHaveLength(1);
    // Caught up: the position is the room's, and a second sync asks for no changes.
    expect(room?.changeSeq).toBe(room?.room.changeSeq);
    await sync.sync();
    expect(asked.filter((e) => e === 'message:changes')).toHaveLength(1);
  });

  it('reading a room on one device clears its counts on another at once', async () => {
    const { url } = await startServer();
    const { client: phone } = await signedInClient(url, 'bob');
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const { room } = await request(a, 'room:create', { name: 'side', kind: 'public' });
    phone.start();
    await until(phone, (s) => connected(s) && s.rooms[1]?.loaded === true);
    await phone.joinRoom(room.id);
    phone.selectRoom(1);
    await request(a, 'message:send', { roomId: room.id, text: 'hi @bob', clientId: 'x1' });
    await request(a, 'message:send', { roomId: room.id, text: 'there', clientId: 'x2' });
    await until(phone, (s) => s.rooms[room.id]?.unread === 2 && s.rooms[room.id]?.mentions === 1);

    // A second device signing in sees the same counts from rooms:list, without history.
    const login = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'correct horse' }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const laptop = await connect(url, login.token);
    const listing = await request(laptop, 'rooms:list', { joined: true });
    const side = listing.rooms.find((r: { id: number }) => r.id === room.id);
    expect(side.read).toMatchObject({ unread: 2, mentions: 1, lastReadId: 0 });

    // The laptop reads the room: the phone's badge clears without asking.
    const newest = side.lastMessageId;
    const read = await request(laptop, 'room:read', { roomId: room.id, messageId: newest });
    expect(read.read).toMatchObject({ lastReadId: newest, unread: 0, mentions: 0 });
    const cleared = await until(phone, (s) => s.rooms[room.id]?.unread === 0);
    expect(cleared.rooms[room.id]?.mentions).toBe(0);
    expect(cleared.rooms[room.id]?.lastReadId).toBe(newest);
  });

  it('keeps counts in step with deletions, edits and sends from another device', async () => {
    const { url } = await startServer();
    const { client: phone, pair } = await signedInClient(url, 'bob');
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const { room } = await request(a, 'room:create', { name: 'side', kind: 'public' });
    phone.start();
    await until(phone, (s) => connected(s) && s.rooms[1]?.loaded === true);
    await phone.joinRoom(room.id);
    phone.selectRoom(1);
    await until(phone, (s) => s.rooms[room.id]?.loaded === true);
    const ping = await request(a, 'message:send', {
      roomId: room.id,
      text: 'hi @bob',
      clientId: 'p',
    });
    await request(a, 'message:send', { roomId: room.id, text: 'plain', clientId: 'q' });
    await until(phone, (s) => s.rooms[room.id]?.unread === 2 && s.rooms[room.id]?.mentions === 1);
    // The mention is edited away, then the message deleted: the badge follows, live.
    await request(a, 'message:edit', { messageId: ping.message.id, text: 'hi all' });
    await until(phone, (s) => s.rooms[room.id]?.mentions === 0 && s.rooms[room.id]?.unread === 2);
    await request(a, 'message:delete', { messageId: ping.message.id });
    await until(phone, (s) => s.rooms[room.id]?.unread === 1);
    // Bob writes there from his laptop: writing reads the room on every device.
    const laptop = await connect(url, pair.token);
    const mine = await request(laptop, 'message:send', {
      roomId: room.id,
      text: 'me',
      clientId: 'm',
    });
    const read = await until(phone, (s) => s.rooms[room.id]?.unread === 0);
    expect(read.rooms[room.id]?.lastReadId).toBe(mine.message.id);
  });
});
