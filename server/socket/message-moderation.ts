import { ChatError } from '../errors.js';
import { ErrorCode, type Message } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import { auditLabel } from './room-admin-notify.js';
import { requireNotArchived } from './room-admin-rules.js';
import type { ServerContext } from './types.js';

/**
 * Who may delete a message: its author, or an admin or the owner (their role read fresh from
 * the database, never the socket's, which a demotion may have made stale); anyone else
 * `forbidden`. Nothing in an archived room: `room_archived`. Resolves true when the deleter is
 * a moderator taking down someone else's message, which the audit log records.
 */
export async function requireDeleter(
  store: ChatStore,
  message: { roomId: number; authorId: number },
  userId: number,
): Promise<boolean> {
  await requireNotArchived(store, message.roomId);
  if (message.authorId === userId) return false;
  const user = await store.findUserById(userId);
  if (!user || user.banned || (user.role !== 'admin' && user.role !== 'owner'))
    throw notModerator();
  return true;
}

/** Someone else's message, and the deleter is no moderator (now, or as the deletion commits). */
export function notModerator(): ChatError {
  return new ChatError(ErrorCode.forbidden, 'Only its author or an admin can delete a message.');
}

/**
 * Records a moderator's deletion of someone else's message (after it committed), naming its room
 * only if it is public (see `auditLabel`).
 */
export async function auditModeration(
  { store }: ServerContext,
  moderatorId: number,
  message: Message,
): Promise<void> {
  const room = await store.getRoom(message.roomId);
  await store.addAudit({
    actorId: moderatorId,
    action: 'message.delete',
    target: {
      kind: 'message',
      id: String(message.id),
      label: room ? auditLabel(room) : `room ${message.roomId}`,
    },
    detail: `by @${message.author.username}`,
    at: Date.now(),
  });
}
