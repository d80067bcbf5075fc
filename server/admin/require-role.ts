import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import type { ChatStore, StoredUser } from '../storage/store.js';

/**
 * The acting user as the database has them now, held to `admin` or `owner`. Roles are read
 * fresh on every admin action, never from the socket's identity (which a role change or ban may
 * have made stale): a demoted admin loses their rights at once. `forbidden` otherwise.
 */
export async function requireAdmin(store: ChatStore, userId: number): Promise<StoredUser> {
  const user = await store.findUserById(userId);
  if (!user || user.banned || (user.role !== 'admin' && user.role !== 'owner'))
    throw new ChatError(ErrorCode.forbidden, 'Only admins can do this.');
  return user;
}

/**
 * As `requireAdmin`, for the owner alone (role changes, ownership, the retention policy). A
 * banned owner (which no action here can make, but a hand-edited database could) has no rights.
 */
export async function requireOwner(store: ChatStore, userId: number): Promise<StoredUser> {
  const user = await store.findUserById(userId);
  if (!user || user.banned || user.role !== 'owner')
    throw new ChatError(ErrorCode.forbidden, 'Only the owner can do this.');
  return user;
}

/** Whether `actor` may act on `target` at all: nobody acts on the owner; admins not on admins. */
export function outranks(
  actor: Pick<StoredUser, 'role'>,
  target: Pick<StoredUser, 'role'>,
): boolean {
  if (target.role === 'owner') return false;
  return actor.role === 'owner' || target.role === 'member';
}
