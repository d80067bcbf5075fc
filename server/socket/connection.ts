import { SharedBucketLimiter } from '../auth/shared-bucket.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';
import { ChatError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { HandshakeAuth } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import { makeDispatcher, type AckedTable } from './dispatch.js';
import { memberEvents } from './member-events.js';
import { refusal, revokedDuringHandshake } from './handshake.js';
import type { LiveSockets } from './live-sockets.js';
import { messageChangeEvents } from './message-change-events.js';
import { messageEvents, typing } from './message-events.js';
import { readEvents } from './read-events.js';
import { fileEvents } from './file-events.js';
import { searchEvents } from './search-events.js';
import { roomEvents } from './room-events.js';
import { profileEvents } from './profile-events.js';
import { adminEvents } from './admin-events.js';
import { roomAdminEvents } from './room-admin-events.js';
import { resetEvents } from './reset-events.js';
import { roomChannel, roomIdOf, userChannel } from './room-channels.js';
import { BATCH_CHANNEL, SINGLE_CHANNEL } from './batch-delivery.js';
import type { ChatSocket, ServerContext } from './types.js';

/** Every acknowledged event and its handler; shared by all sockets of all servers. */
const ACKED: AckedTable = {
  ...roomEvents,
  ...memberEvents,
  ...messageEvents,
  ...messageChangeEvents,
  ...readEvents,
  ...fileEvents,
  ...searchEvents,
  ...profileEvents,
  ...adminEvents,
  ...roomAdminEvents,
  ...resetEvents,
} as AckedTable;
const dispatch = makeDispatcher(ACKED, { typing });
/**
 * Rooms loaded by the middleware for the connection handler, with the membership mark taken
 * before they were read; not kept on the socket after.
 */
const roomsToJoin = new WeakMap<ChatSocket, { roomIds: number[]; mark: number }>();
/** Reads of a user's rooms a connecting socket makes while they keep changing, at most. */
const REREADS = 5;

/**
 * Per-server limiters, so that two servers in one process never share budgets; with `budgets`
 * (a cluster), each also holds across the nodes.
 */
export function createLimiters(
  options: ResolvedOptions,
  budgets?: SharedBudgets,
): ServerContext['limiters'] {
  return {
    messages: new SharedBucketLimiter('messages', options.messageRate, budgets),
    events: new SharedBucketLimiter('events', options.eventRate, budgets),
    search: new SharedBucketLimiter('search', options.searchRate, budgets),
  };
}

/**
 * Wires one authenticated socket: its rooms and the one shared event listener. Presence follows
 * from the adapter's join and leave events (see `watchPresence`), the token from LiveSockets' sweep.
 */
export function handleConnection(socket: ChatSocket, context: ServerContext): void {
  socket.data.context = context;
  // A revocation can still land between the last middleware and this tick.
  const revoked = revokedDuringHandshake(socket, context.live);
  if (revoked) {
    context.userSockets.settle(socket);
    return context.live.cutOff(socket, revoked);
  }
  context.userSockets.track(socket);
  context.lastSeen.connected(socket);
  // Joined in the same tick as the CONNECT packet, so no broadcast can slip in between.
  const loaded = roomsToJoin.get(socket) ?? { roomIds: [], mark: 0 };
  roomsToJoin.delete(socket);
  // One of the two delivery channels too (kept for the socket's life; see room-batches.ts),
  // and its user's channel (room-channels.ts).
  const batch = (socket.handshake.auth as HandshakeAuth).batch === true;
  // Messages held for these rooms were written before this socket was in them (its client
  // loads them from history): out before it joins. A Map lookup per room otherwise.
  for (const roomId of loaded.roomIds) context.batches.flushRoom(roomId);
  void socket.join([
    ...loaded.roomIds.map(roomChannel),
    batch ? BATCH_CHANNEL : SINGLE_CHANNEL,
    userChannel(socket.data.user.id),
  ]);
  socket.onAny(dispatch);
  // The user joined or left a room on another socket while this one was being admitted: that
  // change did not reach this socket, so its rooms are read again now that changes do.
  if (context.membership.since(loaded.mark, socket.data.user.id))
    rejoin(socket, context).catch((error: unknown) => {
      // Its channels may be those of a room it has left: not kept. Dropped as in rejoin's
      // give-up branch; the client reconnects and loads its rooms afresh.
      context.logger.error('socket: rejoining rooms failed', error);
      socket.conn.close();
    });
}

/** Brings a connected socket's room channels in line with the store. */
export async function rejoin(socket: ChatSocket, context: ServerContext): Promise<void> {
  const userId = socket.data.user.id;
  for (let read = 1; ; read++) {
    const mark = context.membership.mark();
    const roomIds = new Set(await context.store.memberRoomIds(userId));
    if (!socket.connected) return;
    if (context.membership.since(mark, userId)) {
      if (read < REREADS) continue;
      // Still changing (the user's other socket keeps joining and leaving): no read can be
      // trusted, so this socket starts over; its client reconnects and loads its rooms again.
      socket.conn.close(); // seen as a dropped connection: the client reconnects by itself
      return;
    }
    // In the same tick as the check: no change can land between the read and the channels.
    // Held messages go to the channels as they were when written (see RoomBatches.flushRoom).
    for (const channel of socket.rooms) {
      const roomId = roomIdOf(channel);
      if (roomId === undefined || roomIds.has(roomId)) continue;
      context.batches.flushRoom(roomId);
      void socket.leave(channel);
    }
    const joining = [...roomIds].filter((roomId) => !socket.rooms.has(roomChannel(roomId)));
    for (const roomId of joining) context.batches.flushRoom(roomId);
    void socket.join(joining.map(roomChannel));
    return;
  }
}

/** Presence changes whenever a socket enters or leaves a room channel, for whatever reason. */
export function watchPresence(context: ServerContext): void {
  const adapter = context.io.of('/').adapter;
  adapter.on('join-room', (channel: string, socketId: string) => {
    const roomId = roomIdOf(channel);
    if (roomId !== undefined) context.presence.joined(roomId, socketId);
  });
  adapter.on('leave-room', (channel: string) => {
    const roomId = roomIdOf(channel);
    if (roomId !== undefined) context.presence.changed([roomId]);
  });
}

/**
 * The last middleware: loads the rooms to join before the socket connects, then checks that
 * nothing of the socket's was revoked while its handshake was reading the store.
 */
export function loadMemberRooms(
  store: ChatStore,
  live: LiveSockets,
  membership: ServerContext['membership'],
) {
  return async (socket: ChatSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      const mark = membership.mark();
      roomsToJoin.set(socket, { roomIds: await store.memberRoomIds(socket.data.user.id), mark });
      const revoked = revokedDuringHandshake(socket, live);
      if (revoked) throw new ChatError(revoked, 'This session ended while connecting.');
      next();
    } catch (error) {
      next(refusal(error));
    }
  };
}
