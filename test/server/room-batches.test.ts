import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import type { Message } from '../../server/protocol.js';
import { BATCH_CHANNEL, SINGLE_CHANNEL } from '../../server/socket/batch-delivery.js';
import { RoomBatches } from '../../server/socket/room-batches.js';
import { roomChannel } from '../../server/socket/room-channels.js';
import type { IdentifiedIo, IdentifiedSocket } from '../../server/socket/socket-identity.js';
import { sleep } from './helpers.js';

const ROOM = 7;
const WINDOW = 10;

/** What the server queued for one receiver, in order: event name and message ids. */
type Sent = Array<{ event: string; ids: number[] }>;

/**
 * A real Socket.IO server on port 0 with three real clients: a sender, a receiver that takes
 * batches and one that does not, all in room {@link ROOM}. Each receiver's engine.io connection
 * reports every packet the moment the server queues it ('packetCreate', synchronous), so a test
 * can tell a message sent in the current turn from one held for later. The clock is the test's:
 * it sets when each delivery happens, and so whether the room is busy.
 */
async function rig() {
  const http = createServer();
  const io = new Server(http) as unknown as IdentifiedIo;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: ServerSocket[] = [];
  io.on('connection', (socket) => void sockets.push(socket as unknown as ServerSocket));
  const clients = [0, 1, 2].map(() => connectClient(url, { transports: ['websocket'] }));
  await Promise.all(
    clients.map((c) => new Promise<void>((resolve) => c.once('connect', () => resolve()))),
  );
  while (sockets.length < 3) await sleep(5);
  const [sender, batch, single] = sockets as [ServerSocket, ServerSocket, ServerSocket];
  for (const socket of sockets) socket.join(roomChannel(ROOM));
  batch.join(BATCH_CHANNEL);
  single.join(SINGLE_CHANNEL);
  const record = (socket: ServerSocket): Sent => {
    const sent: Sent = [];
    socket.conn.on('packetCreate', (packet: { data?: unknown }) => {
      const text = String(packet.data ?? '');
      // A Socket.IO EVENT of the main namespace ("2[...]"; the transport adds engine.io's "4").
      if (!text.startsWith('2[')) return;
      const [event, payload] = JSON.parse(text.slice(1)) as [string, Message | Message[]];
      sent.push({ event, ids: [payload].flat().map((m) => m.id) });
    });
    return sent;
  };
  const clock = { t: 0 };
  const batches = new RoomBatches(io, WINDOW, silentLogger, false, () => clock.t);
  const message = (id: number) => ({ id, roomId: ROOM, text: `m${id}` }) as Message;
  const deliver = (id: number, at: number) => {
    clock.t = at;
    batches.deliver(message(id), sender as unknown as IdentifiedSocket);
  };
  const close = async () => {
    batches.stop();
    for (const client of clients) client.close();
    await new Promise((resolve) => io.close(resolve));
  };
  cleanups.push(close);
  return { batches, deliver, clock, sent: { batch: record(batch), single: record(single) } };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

/** The end of the current turn: after every promise callback, where `SOON` flushes run. */
const endOfTurn = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('RoomBatches', () => {
  it('sends a room that is not busy at the end of the turn, a commit’s messages in one frame', async () => {
    const { deliver, sent } = await rig();
    deliver(1, 0);
    expect(sent.batch).toEqual([]); // not during the turn: the acks go first
    await endOfTurn();
    expect(sent.batch).toEqual([{ event: 'message', ids: [1] }]);
    // One every 6 ms: a second message within a window, never a third, so never held (the old
    // rule held each of these until a window after the last).
    deliver(2, 6);
    await endOfTurn();
    deliver(3, 12);
    await endOfTurn();
    expect(sent.batch.map((s) => s.ids)).toEqual([[1], [2], [3]]);
    // Two in one turn (one commit): one frame for the batch socket, two for the other.
    deliver(5, 40);
    deliver(4, 40);
    await endOfTurn();
    expect(sent.batch.at(-1)).toEqual({ event: 'messages', ids: [4, 5] });
    expect(sent.single.slice(-2)).toEqual([
      { event: 'message', ids: [4] },
      { event: 'message', ids: [5] },
    ]);
  });

  it('holds a busy room’s messages until a window after its last delivery, updates behind them', async () => {
    const { batches, deliver, sent } = await rig();
    deliver(1, 0);
    await endOfTurn();
    deliver(2, 2);
    await endOfTurn();
    deliver(3, 4); // the third within 10 ms: held until 2 + 10
    await endOfTurn();
    deliver(4, 5);
    const order: string[] = [];
    batches.afterQueued(ROOM, () => order.push(`update after ${sent.batch.length} frames`));
    await endOfTurn();
    expect(sent.batch.map((s) => s.ids)).toEqual([[1], [2]]);
    expect(order).toEqual([]);
    // The hold is a real timer, set at t=4 for 2 + 10 - 4 = 8 ms (the clock decided its length).
    for (let i = 0; i < 200 && sent.batch.length < 3; i++) await sleep(5);
    expect(sent.batch.at(-1)).toEqual({ event: 'messages', ids: [3, 4] });
    expect(order).toEqual(['update after 3 frames']);
  });

  it('sends what is pending at once on flushRoom and stop, and never twice', async () => {
    const { batches, deliver, sent } = await rig();
    deliver(1, 0);
    const order: string[] = [];
    batches.afterQueued(ROOM, () => order.push('update'));
    expect(order).toEqual([]); // behind the message due at the end of the turn
    batches.flushRoom(ROOM); // a socket joins or leaves: the room's messages go first
    expect(sent.batch).toEqual([{ event: 'message', ids: [1] }]);
    expect(order).toEqual(['update']);
    await endOfTurn();
    expect(sent.batch).toHaveLength(1);
    deliver(2, 50);
    batches.stop();
    expect(sent.batch.at(-1)).toEqual({ event: 'message', ids: [2] });
    deliver(3, 51); // stopped: at once, in the caller's turn
    expect(sent.batch.at(-1)).toEqual({ event: 'message', ids: [3] });
    await endOfTurn();
    await sleep(20);
    expect(sent.batch.map((s) => s.ids)).toEqual([[1], [2], [3]]);
  });
});
