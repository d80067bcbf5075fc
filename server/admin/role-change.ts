import { announceProfile } from '../people/announce.js';
import type { AdminUser, Profile } from '../protocol.js';
import type { IdentifiedIo } from '../socket/socket-identity.js';
import type { ChatStore } from '../storage/store.js';
import { adminTarget, refused } from './moderation.js';

/**
 * The owner makes a member an admin or an admin a member, checked and written in one store
 * transaction (`setUserRole`). A change cancels the reset code for the target's password; a
 * demotion also takes back the reset and invite codes they made as an admin. Every socket hears
 * `user:updated`, and the target's own sockets carry the new role; admin rights are read from
 * the database on every action, so a demoted admin loses them at once.
 */
export async function changeRole(
  store: ChatStore,
  io: IdentifiedIo,
  actorId: number,
  targetId: number,
  role: 'admin' | 'member',
): Promise<AdminUser> {
  const outcome = await store.setUserRole({ actorId, targetId, role, now: Date.now() });
  if (!outcome.ok)
    throw refused(outcome, {
      actor: 'Only the owner can do this.',
      owner: 'The owner’s role changes only by transferring ownership.',
      admin: 'Only the owner can do this.',
    });
  const target = await adminTarget(store, targetId);
  if (outcome.before === role) return target;
  await store.addAudit({
    actorId,
    action: 'user.role',
    target: { kind: 'user', id: String(target.id), label: target.username },
    detail: `${outcome.before} → ${role}`,
    at: Date.now(),
  });
  announceProfile(io, profileOf(target));
  return target;
}

/** The public part of an admin panel row. */
export function profileOf(user: AdminUser): Profile {
  const { id, username, displayName, role, avatar, status, deleted } = user;
  return deleted
    ? { id, username, displayName, role, avatar, status, deleted }
    : { id, username, displayName, role, avatar, status };
}
