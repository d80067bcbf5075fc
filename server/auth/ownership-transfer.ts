import { requireOwner } from '../admin/require-role.js';
import { ChatError } from '../errors.js';
import { ErrorCode, type OwnershipTransferred, type User } from '../protocol.js';
import { parse } from '../schemas.js';
import { requirePassword } from './account-password.js';
import type { Identity } from './accounts.js';
import { profileOf, type Caller, type SecurityDeps } from './security-deps.js';
import { transferBody } from './security-schemas.js';

const publicUser = ({ id, username, displayName, role }: User): User => ({
  id,
  username,
  displayName,
  role,
});

/**
 * `POST /api/admin/transfer`: the owner, with their password, makes another account the owner
 * and becomes an admin, in one transaction. The target must exist and be neither banned nor
 * deleted (`not_found` for an unknown name, `forbidden` otherwise). Audited (`owner.transfer`);
 * both profiles are announced, which also moves the role on both users' open sockets.
 */
export async function transferOwnership(
  deps: SecurityDeps,
  identity: Identity,
  body: unknown,
  from: Caller,
): Promise<OwnershipTransferred> {
  const { store, notifier } = deps;
  const input = parse(transferBody, body);
  const owner = await requireOwner(store, identity.user.id);
  await requirePassword(deps, owner.id, input.password, from);
  const target = await store.findUserByUsername(input.username);
  if (!target) throw new ChatError(ErrorCode.notFound, `No user named ${input.username}.`);
  if (target.id === owner.id)
    throw new ChatError(ErrorCode.forbidden, 'You are the owner already.');
  if (target.banned)
    throw new ChatError(ErrorCode.forbidden, 'A banned account cannot become the owner.');
  const outcome = await store.transferOwnership(owner.id, target.id);
  if (!outcome)
    throw new ChatError(ErrorCode.forbidden, 'That account cannot become the owner now.');
  await store.addAudit({
    actorId: owner.id,
    action: 'owner.transfer',
    target: { kind: 'user', id: String(target.id), label: target.username },
    detail: `${owner.username} → ${target.username}`,
    at: Date.now(),
  });
  notifier.profileChanged(await profileOf(store, outcome.owner));
  notifier.profileChanged(await profileOf(store, outcome.previous));
  return { owner: publicUser(outcome.owner), previous: publicUser(outcome.previous) };
}
