import { ChatError } from '../errors.js';
import { ErrorCode, type AdminUser } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import { outranks, requireAdmin } from './require-role.js';

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
 * owner. Nobody acts on the owner, and an admin not on another admin (`forbidden`). Recorded in
 * the audit log with the reason. Resolves with the user as they are now.
 */
export async function changeBan(
  store: ChatStore,
  revoker: UserRevoker,
  actorId: number,
  targetId: number,
  ban: { banned: boolean; reason: string },
): Promise<AdminUser> {
  const actor = await requireAdmin(store, actorId);
  const target = await adminTarget(store, targetId);
  if (!outranks(actor, target))
    throw new ChatError(
      ErrorCode.forbidden,
      target.role === 'owner' ? 'The owner cannot be banned.' : 'Only the owner can ban an admin.',
    );
  await store.setBan(target.id, ban.banned, ban.reason);
  const now = Date.now();
  if (ban.banned) {
    await store.revokeUserSessions(target.id, now);
    revoker.revokeUser(target.id, ErrorCode.banned);
  }
  await store.addAudit({
    actorId: actor.id,
    action: ban.banned ? 'user.ban' : 'user.unban',
    target: { kind: 'user', id: String(target.id), label: target.username },
    detail: ban.banned ? ban.reason : '',
    at: now,
  });
  return adminTarget(store, target.id);
}
