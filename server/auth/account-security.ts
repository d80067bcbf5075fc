import type { LiveSettings } from '../admin/settings.js';
import { ChatError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import {
  ErrorCode,
  type OwnershipTransferred,
  type SessionList,
  type SessionsRevoked,
  type TokenPair,
} from '../protocol.js';
import { parse } from '../schemas.js';
import type { ChatStore } from '../storage/store.js';
import { deleteAccount } from './account-deletion.js';
import type { AccountNotifier } from './account-notifier.js';
import { changePassword, redeemReset } from './account-password.js';
import type { Accounts, Identity, Revoker } from './accounts.js';
import { deviceLabel } from './device-label.js';
import { transferOwnership } from './ownership-transfer.js';
import type { Caller, SecurityDeps } from './security-deps.js';
import { SharedWindowLimiter } from './shared-window.js';
import { sessionIdParam } from './security-schemas.js';

/**
 * "Your account": sessions, password change and reset, account deletion, ownership transfer.
 * Everything that needs a password goes over HTTP (account-routes.ts); every ended session's
 * sockets are cut off at once, as on logout.
 */
export class AccountSecurity {
  private readonly deps: SecurityDeps;

  constructor(
    store: ChatStore,
    accounts: Accounts,
    revoker: Revoker,
    notifier: AccountNotifier,
    settings: LiveSettings,
    options: ResolvedOptions,
    avatars: SecurityDeps['avatars'],
  ) {
    const attempts = new SharedWindowLimiter('password', options.loginRate, accounts.budgets);
    this.deps = { store, accounts, revoker, notifier, settings, options, attempts, avatars };
  }

  /** The account's live sessions, newest activity first, with unflushed activity merged in. */
  async sessions(identity: Identity): Promise<SessionList> {
    const { store, accounts, options } = this.deps;
    const records = await store.userSessions(identity.user.id, {
      now: Date.now(),
      sessionMaxAgeMs: options.sessionMaxAgeSec * 1000,
    });
    const sessions = records.map((s) => ({
      id: s.id,
      current: s.id === identity.sessionId,
      device: deviceLabel(s.userAgent),
      ip: s.ip,
      startedAt: s.startedAt,
      lastActiveAt: Math.max(s.lastActiveAt, accounts.activity.pending(s.id) ?? 0),
    }));
    sessions.sort((a, b) => b.lastActiveAt - a.lastActiveAt || b.id - a.id);
    return { sessions };
  }

  /** Ends one of the account's own sessions (another account's is `not_found`). */
  async revokeSession(identity: Identity, rawId: unknown): Promise<void> {
    const sessionId = parse(sessionIdParam, rawId);
    const { store, revoker, accounts } = this.deps;
    if (!(await store.revokeOwnSession(identity.user.id, sessionId, Date.now())))
      throw new ChatError(ErrorCode.notFound, 'You have no such session.');
    accounts.activity.forget([sessionId]);
    revoker.revokeSessions([sessionId], ErrorCode.tokenRevoked);
  }

  /** Ends every session of the account but this one. */
  async revokeOthers(identity: Identity): Promise<SessionsRevoked> {
    const { store, revoker, accounts } = this.deps;
    const ended = await store.revokeOtherSessions(identity.user.id, identity.sessionId, Date.now());
    accounts.activity.forget(ended);
    if (ended.length > 0) revoker.revokeSessions(ended, ErrorCode.tokenRevoked);
    return { revoked: ended.length };
  }

  changePassword(identity: Identity, body: unknown, from: Caller): Promise<void> {
    return changePassword(this.deps, identity, body, from);
  }

  redeemReset(body: unknown, from: Caller): Promise<TokenPair> {
    return redeemReset(this.deps, body, from);
  }

  deleteAccount(identity: Identity, body: unknown, from: Caller): Promise<void> {
    return deleteAccount(this.deps, identity, body, from);
  }

  transferOwnership(
    identity: Identity,
    body: unknown,
    from: Caller,
  ): Promise<OwnershipTransferred> {
    return transferOwnership(this.deps, identity, body, from);
  }

  /** Forgets finished rate-limit windows; called by the server's sweep. */
  sweep(): void {
    this.deps.attempts.sweep();
  }
}
