import { ChatError } from '../errors.js';
import { ErrorCode, USERNAME_HOLD_DAYS } from '../protocol.js';
import { parse } from '../schemas.js';
import { requirePassword } from './account-password.js';
import type { Identity } from './accounts.js';
import { profileOf, type Caller, type SecurityDeps } from './security-deps.js';
import { deleteAccountBody } from './security-schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ownerRefused = () =>
  new ChatError(
    ErrorCode.forbidden,
    'The owner account cannot be deleted: transfer ownership to someone first.',
  );

/**
 * `POST /api/account/delete`: after the password, the account goes for good (see
 * `SecurityStore.deleteAccount`); its messages stay under "Deleted user" unless the server's
 * `deletedUserMessages` is `delete`. Then its avatar image is deleted, its sockets are cut off,
 * the rooms it left (or whose messages changed) are told, people it had invited learn that the
 * invitation is gone, and everyone gets its profile as deleted.
 */
export async function deleteAccount(
  deps: SecurityDeps,
  identity: Identity,
  body: unknown,
  from: Caller,
): Promise<void> {
  const { store, notifier } = deps;
  const input = parse(deleteAccountBody, body);
  const user = await requirePassword(deps, identity.user.id, input.password, from);
  if (user.role === 'owner') throw ownerRefused();
  const now = Date.now();
  const outcome = await store.deleteAccount({
    userId: user.id,
    now,
    holdUntil: now + USERNAME_HOLD_DAYS * DAY_MS,
    tombstone: deps.settings.current().deletedUserMessages === 'delete',
  });
  // Made owner between the check and the write (a transfer): nothing changed.
  if (!outcome) throw ownerRefused();
  deps.accounts.activity.forget(outcome.sessions);
  deps.revoker.revokeUser(user.id, ErrorCode.tokenRevoked);
  // Committed: the photo goes from disk at once (it was served as public and immutable). Should
  // this fail, or the process die first, the avatar sweep (Avatars.sweep) removes it later.
  await deps.avatars
    .remove(outcome.avatar)
    .catch((error: unknown) => deps.options.logger.warn('deleting an avatar failed', error));
  // Member counts moved, and tombstones and removed reactions took new change numbers: clients
  // catch up from these.
  for (const roomId of new Set([...outcome.leftRooms, ...outcome.changedRooms])) {
    const room = await store.getRoom(roomId);
    if (room) notifier.roomChanged(room);
  }
  for (const { roomId, invitees } of outcome.deletedRooms)
    for (const invitee of invitees) notifier.invitationEnded(invitee, roomId);
  for (const { roomId, inviteeId } of outcome.withdrawnInvitations)
    notifier.invitationEnded(inviteeId, roomId);
  const after = await store.findUserById(user.id);
  if (after) notifier.profileChanged(await profileOf(store, after, true));
}
