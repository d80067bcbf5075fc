import { ChatError } from '../errors.js';
import { ErrorCode, type AdminUser } from '../protocol.js';
import type { ModerationOutcome } from '../storage/admin-store.js';
import type { ChatStore } from '../storage/store.js';

/** Cuts off a user's sockets at once (LiveSockets); described here to import no socket layer. */
export interface UserRevoker {
  revokeUser(userId: number, code: ErrorCode): void;
}

/** The user as the admin panel shows them; `not_found` for an unknown or deleted account. */
export async function adminTarget(store: ChatStore, userId: number): Promise<AdminUser> {
  const user = await store.adminUser(userId);
  if (!user || user.deleted) throw new ChatError(ErrorCode.notFound, 'No such user.');
  return user;
}

/**
 * Bans (ending every session and socket of the user at once) or unbans, for an admin or the
 * owner. Nobody acts on the owner, and an admin not on another admin (`forbidden`). The rights
 * are checked in the store's transaction that writes the ban (`banUser`), against actor and
 * target as they are then. A ban also cancels the reset code for the user's password and takes
 * back the reset and invite codes they made. Recorded in the audit log with the reason.
 * Resolves with the user as they are now.
 */
export async function changeBan(
  store: ChatStore,
  revoker: UserRevoker,
  actorId: number,
  targetId: number,
  ban: { banned: boolean; reason: string },
): Promise<AdminUser> {
  const now = Date.now();
  const outcome = await store.banUser({ actorId, targetId, ...ban, now });
  if (!outcome.ok)
    throw refused(outcome, {
      actor: 'Only admins can do this.',
      owner: 'The owner cannot be banned.',
      admin: 'Only the owner can ban an admin.',
    });
  if (ban.banned) revoker.revokeUser(targetId, ErrorCode.banned);
  const target = await adminTarget(store, targetId);
  await store.addAudit({
    actorId,
    action: ban.banned ? 'user.ban' : 'user.unban',
    target: { kind: 'user', id: String(target.id), label: target.username },
    detail: ban.banned ? ban.reason : '',
    at: now,
  });
  return target;
}

/** What to say when a moderation write is refused: to whom may not act, and about whom. */
export interface RefusalMessages {
  actor: string;
  owner: string;
  admin: string;
}

/** The error for a refused moderation write: `forbidden`, or `not_found` for the target. */
export function refused(
  outcome: Extract<ModerationOutcome<object>, { ok: false }>,
  say: RefusalMessages,
): ChatError {
  if (outcome.refused === 'target') return new ChatError(ErrorCode.notFound, 'No such user.');
  if (outcome.refused === 'actor') return new ChatError(ErrorCode.forbidden, say.actor);
  return new ChatError(ErrorCode.forbidden, outcome.targetRole === 'owner' ? say.owner : say.admin);
}
