import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { emptyRoom, type ChatState } from '../../renderer/src/lib/chat-state.js';
import { ReadState } from '../../renderer/src/lib/read-state.js';
import { patiently, type Requester } from '../../renderer/src/lib/room-directory.js';
import { RoomSync } from '../../renderer/src/lib/room-sync.js';
import { request as ask, type ClientSocket } from '../../renderer/src/lib/socket-request.js';
import { StateStore } from '../../renderer/src/lib/state-store.js';
import { Threads } from '../../renderer/src/lib/threads.js';
import { connect, register, request, startServer } from '../server/helpers.js';

/**
 * A `messages` batch (issue 16) is one store notification, and leaves exactly the state that the
 * same messages received one by one leave: every rule of `receive` still holds inside a batch.
 */
describe('room sync, a batch of messages', () => {
  it('notifies once and ends in the same state as the messages received one at a time', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 1000, burst: 1000 } });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const aliceSocket = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);
    const made = await request(aliceSocket, 'room:create', { name: 'side', kind: 'public' });
    const side: number = made.room.id;
    await request(bobSocket, 'room:join', { roomId: side });
    const send = async (socket: typeof aliceSocket, roomId: number, text: string, extra = {}) => {
      const sent = await request(socket, 'message:send', {
        roomId,
        text,
        clientId: text.replace(/\W/g, '_'),
        ...extra,
      });
      expect(sent.ok).toBe(true);
      return sent.message as Message;
    };
    const root = await send(bobSocket, 1, 'root');
    const sent: Message[] = [root];
    for (let i = 0; i < 12; i++) {
      sent.push(await send(bobSocket, 1, i % 4 === 0 ? `hey @alice ${i}` : `general ${i}`));
      if (i % 3 === 0) sent.push(await send(aliceSocket, 1, `own ${i}`));
      if (i % 5 === 0) sent.push(await send(bobSocket, 1, `reply ${i}`, { threadId: root.id }));
      sent.push(await send(bobSocket, side, `side ${i}`));
      if (i === 6) sent.push(await send(aliceSocket, side, 'own side'));
    }
    const lists = await request(aliceSocket, 'rooms:list', { joined: true });
    const listings = lists.rooms as ChatState['rooms'][number]['room'][];
    const listing = (id: number) => listings.find((r) => r.id === id) ?? listings[0]!;
    const own = sent.filter((m) => m.author.id === alice.user.id);
    const pendingOf = (roomId: number) =>
      own
        .filter((m) => m.roomId === roomId)
        .map((m) => ({
          clientId: m.clientId,
          text: m.text,
          status: 'sending' as const,
          createdAt: 0,
        }));
    // Alice holds the start of both rooms, her own messages still pending, and the thread open.
    const initial: ChatState = {
      me: alice.user,
      serverUrl: url,
      connection: { kind: 'connected' },
      rooms: {
        1: { ...emptyRoom(listing(1)), loaded: true, messages: [root], pending: pendingOf(1) },
        [side]: { ...emptyRoom(listing(side)), loaded: true, pending: pendingOf(side) },
      },
      activeRoomId: side,
      invitations: [],
      blocked: [],
      thread: { roomId: 1, rootId: root.id, root, messages: [], hasOlder: false, loaded: true },
    };
    const stranger: Message = { ...root, id: 99_999, roomId: 777, clientId: 'x' };
    // Repeats as a batch holds them: own messages already acknowledged, one message twice.
    const batch = [...sent, own[0]!, sent[3]!, stranger];

    const single = client(initial, aliceSocket);
    for (const message of batch) single.sync.receive([message], true);
    const batched = client(initial, aliceSocket);
    batched.sync.receive(batch, true);

    expect(batched.notified()).toBe(1);
    // One at a time, every new message (all but the root, held already) is a re-render.
    expect(single.notified()).toBeGreaterThanOrEqual(sent.length - 1);
    expect(batched.store.get()).toEqual(single.store.get());
    expect(batched.incoming).toEqual(single.incoming);
    const state = batched.store.get();
    const ids = state.rooms[1]?.messages.map((m) => m.id) ?? [];
    expect(ids).toEqual(sent.filter((m) => m.roomId === 1 && !m.threadId).map((m) => m.id));
    expect(state.rooms[1]?.pending).toEqual([]);
    // Her own message 9 read the room: only bob's two after it count.
    expect(state.rooms[1]?.unread).toBe(2);
    expect(state.rooms[side]?.messages).toHaveLength(13);
    expect(state.thread?.messages.map((m) => m.text)).toEqual(['reply 0', 'reply 5', 'reply 10']);
    aliceSocket.close();
    bobSocket.close();
  });

  it('does not count a held message older than one’s own acknowledged message as unread', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const aliceSocket = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);
    const sent = async (socket: typeof aliceSocket, text: string) => {
      const clientId = text.replace(/\W/g, '_');
      const ack = await request(socket, 'message:send', { roomId: 1, text, clientId });
      expect(ack.ok).toBe(true);
      return ack.message as Message;
    };
    // Bob's mention is written first; a busy room holds it back, and Alice's ack comes first.
    const fromBob = await sent(bobSocket, 'hey @alice');
    const own = await sent(aliceSocket, 'mine');
    const lists = await request(aliceSocket, 'rooms:list', { joined: true });
    const general = (lists.rooms as ChatState['rooms'][number]['room'][]).find((r) => r.id === 1)!;
    const initial: ChatState = {
      me: alice.user,
      serverUrl: url,
      connection: { kind: 'connected' },
      rooms: { 1: { ...emptyRoom(general), loaded: true, unread: 0, mentions: 0, lastReadId: 0 } },
      // Not looking at #general (another room is active), so nothing counts as seen.
      activeRoomId: 999,
      invitations: [],
      blocked: [],
      thread: null,
    };
    const alices = client(initial, aliceSocket);
    alices.sync.receive([own], true); // the ack
    alices.sync.receive([fromBob, own], true); // the batch, with her own message again
    const room = alices.store.get().rooms[1];
    expect(room?.messages.map((m) => m.id)).toEqual([fromBob.id, own.id]);
    expect(room?.unread).toBe(0);
    expect(room?.mentions).toBe(0);
    aliceSocket.close();
    bobSocket.close();
  });
});

/** A RoomSync over its own real store, counting the store's notifications. */
function client(initial: ChatState, socket: ClientSocket) {
  const store = new StateStore(structuredClone(initial));
  let notifications = 0;
  store.subscribe(() => notifications++);
  const requester: Requester = (event, payload) => ask(socket, event, payload);
  const read = new ReadState(store, requester, () => true);
  const incoming: number[] = [];
  const threads = new Threads(store, patiently(requester));
  const sync = new RoomSync(store, patiently(requester), read, {
    threads,
    onIncoming: (message) => incoming.push(message.id),
  });
  return { store, sync, incoming, notified: () => notifications };
}
