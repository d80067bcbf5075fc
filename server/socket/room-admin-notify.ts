import type { RoomKind } from '../protocol.js';
import type { RoomAdminFacts } from '../storage/room-admin-store.js';
import { roomChannel, userChannel } from './room-channels.js';
import type { ServerContext } from './types.js';

/**
 * Takes people out of a room's channel at once, on every socket they have open, and tells each
 * socket why (`room:left`). Their sockets still in a handshake learn it through `membership`
 * (connection.ts reads their rooms again). Presence follows from the channel leave
 * (`watchPresence`). One pass over the sockets, however many people go: a deleted room may
 * have thousands of members.
 */
export function evict(
  context: ServerContext,
  roomId: number,
  userIds: readonly number[],
  reason: 'removed' | 'deleted',
): void {
  const gone = new Set(userIds);
  for (const userId of gone) context.membership.add(userId, true);
  // Messages held for the room were written while these people were in it (for a deleted room
  // too): they get them before `room:left`, as they would have without the batch.
  context.batches.flushRoom(roomId);
  if (gone.size === 0) return;
  // Through their user channels: their sockets on every node (room-channels.ts).
  const theirs = [...gone].map(userChannel);
  context.io.in(theirs).socketsLeave(roomChannel(roomId));
  context.io.to(theirs).emit('room:left', { roomId, reason });
}

/** Tells the invitees of a room that is gone that their invitation ended. */
export function endInvitations(
  context: ServerContext,
  roomId: number,
  invitees: readonly number[],
): void {
  const ended = new Set(invitees);
  if (ended.size === 0) return;
  context.io.to([...ended].map(userChannel)).emit('invite:removed', { roomId });
}

/**
 * How the audit log names a room. Every admin reads the log, but room administration answers
 * `not_found` to an admin who is not in a private room: so only a public room is named, and
 * other rooms are told apart by their id, never by their name.
 */
export function auditLabel(room: { id: number; name: string; kind: RoomKind }): string {
  if (room.kind === 'public') return `#${room.name}`;
  return `${room.kind === 'private' ? 'private room' : 'direct conversation'} ${room.id}`;
}

/**
 * Records one room administration entry in the audit log (after its change committed). The
 * detail must not name a private room either (see `auditLabel`).
 */
export async function auditRoom(
  context: ServerContext,
  actorId: number,
  action: 'room.update' | 'room.archive' | 'room.unarchive' | 'room.delete' | 'room.remove_member',
  room: { id: number } & Pick<RoomAdminFacts, 'name' | 'kind'>,
  detail = '',
): Promise<void> {
  await context.store.addAudit({
    actorId,
    action,
    target: { kind: 'room', id: String(room.id), label: auditLabel(room) },
    detail,
    at: Date.now(),
  });
}
