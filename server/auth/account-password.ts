import { ChatError } from '../errors.js';
import { ErrorCode, type TokenPair } from '../protocol.js';
import { parse } from '../schemas.js';
import type { StoredUser } from '../storage/store.js';
import type { Identity } from './accounts.js';
import { requireAllowed } from './rate-limit.js';
import type { Caller, SecurityDeps } from './security-deps.js';
import { changePasswordBody, passwordResetBody } from './security-schemas.js';
import { hashToken } from './tokens.js';

/**
 * The account's own password, checked as a login is: attempts limited per address and user, the
 * hash through the server's hashing budget. Wrong (or an account that cannot sign in, such as a
 * deleted one): `invalid_credentials`.
 */
export async function requirePassword(
  deps: SecurityDeps,
  userId: number,
  password: string,
  from: Caller,
): Promise<StoredUser> {
  requireAllowed(await deps.attempts.hit(`${from.ip}\n${userId}`), 'Too many password attempts.');
  const user = await deps.store.findUserById(userId);
  const matches = await deps.accounts.checkPassword(from.ip, user?.passwordHash, password);
  if (!user || !matches) throw new ChatError(ErrorCode.invalidCredentials, 'Wrong password.');
  return user;
}

/** Ends sessions in the store's answer on every socket at once, as logout does. */
function cutOff(deps: SecurityDeps, sessionIds: number[]): void {
  deps.accounts.activity.forget(sessionIds);
  if (sessionIds.length > 0) deps.revoker.revokeSessions(sessionIds, ErrorCode.tokenRevoked);
}

/** `POST /api/password`: needs the current password; ends every other session, keeps this one. */
export async function changePassword(
  deps: SecurityDeps,
  identity: Identity,
  body: unknown,
  from: Caller,
): Promise<void> {
  const input = parse(changePasswordBody, body);
  await requirePassword(deps, identity.user.id, input.currentPassword, from);
  const hash = await deps.accounts.hashNewPassword(from.ip, input.newPassword);
  cutOff(
    deps,
    await deps.store.setPassword(identity.user.id, hash, identity.sessionId, Date.now()),
  );
}

const badCode = () =>
  new ChatError(ErrorCode.invalidResetCode, 'That reset code is wrong, used or expired.');

/**
 * `POST /api/password/reset`: redeems a code an admin made. The code is checked before the new
 * password is hashed (a wrong guess costs no scrypt), then spent atomically with the password
 * change, which ends every session of the account. A banned account gets its new password but
 * still no session (`banned`), as a login would.
 */
export async function redeemReset(
  deps: SecurityDeps,
  body: unknown,
  from: Caller,
): Promise<TokenPair> {
  const input = parse(passwordResetBody, body);
  requireAllowed(await deps.attempts.hit(`reset\n${from.ip}`), 'Too many reset attempts.');
  const hash = hashToken(input.code);
  if ((await deps.store.checkPasswordReset(input.username, hash, Date.now())) === undefined)
    throw badCode();
  const passwordHash = await deps.accounts.hashNewPassword(from.ip, input.newPassword);
  const outcome = await deps.store.redeemPasswordReset({
    username: input.username,
    hash,
    passwordHash,
    now: Date.now(),
  });
  if (!outcome) throw badCode();
  cutOff(deps, outcome.revoked);
  if (outcome.banned)
    throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
  return deps.accounts.startSession(outcome.user, from);
}
