import { ChatError } from '../errors.js';
import { announceProfile } from '../people/announce.js';
import { ErrorCode, type AdminUser, type Profile } from '../protocol.js';
import type { IdentifiedIo } from '../socket/socket-identity.js';
import type { ChatStore } from '../storage/store.js';
import { adminTarget } from './moderation.js';
import { requireOwner } from './require-role.js';

/**
 * The owner makes a member an admin or an admin a member. Every socket hears `user:updated`,
 * and the target's own sockets carry the new role; admin rights are read from the database on
 * every action, so a demoted admin loses them at once.
 */
export async function changeRole(
  store: ChatStore,
  io: IdentifiedIo,
  actorId: number,
  targetId: number,
  role: 'admin' | 'member',
): Promise<AdminUser> {
  const actor = await requireOwner(store, actorId);
  const target = await adminTarget(store, targetId);
  if (target.role === 'owner')
    throw new ChatError(
      ErrorCode.forbidden,
      'The owner’s role changes only by transferring ownership.',
    );
  if (target.role === role) return target;
  await store.setAdmin(target.id, role === 'admin');
  await store.addAudit({
    actorId: actor.id,
    action: 'user.role',
    target: { kind: 'user', id: String(target.id), label: target.username },
    detail: `${target.role} → ${role}`,
    at: Date.now(),
  });
  const now = await adminTarget(store, target.id);
  announceProfile(io, profileOf(now));
  return now;
}

/** The public part of an admin panel row. */
export function profileOf(user: AdminUser): Profile {
  const { id, username, displayName, role, avatar, status, deleted } = user;
  return deleted
    ? { id, username, displayName, role, avatar, status, deleted }
    : { id, username, displayName, role, avatar, status };
}
