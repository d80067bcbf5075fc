import { ChatError } from '../errors.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';
import { SharedWindowLimiter } from './shared-window.js';
import type { ResolvedOptions } from '../options.js';
import { ErrorCode, type InviteCreated, type TokenPair, type User } from '../protocol.js';
import { loginBody, parse, refreshBody } from '../schemas.js';
import type { ChatStore, StoredUser } from '../storage/store.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { LiveSettings } from '../admin/settings.js';
import { issueInviteCode } from '../admin/invite-codes.js';
import { changeBan } from '../admin/moderation.js';
import { requireAdmin } from '../admin/require-role.js';
import { storedUserAgent } from './device-label.js';
import { SessionActivity } from './session-activity.js';
import { PasswordWork } from './password-work.js';
import { requireAllowed } from './rate-limit.js';
import { SharedBucketLimiter } from './shared-bucket.js';
import { Registration, type Requester } from './registration.js';
import type { SetupGate } from './setup-gate.js';
import { hashToken, randomToken, type TokenSigner } from './tokens.js';

/** Who a verified, live access token belongs to. Held per open socket, so kept small. */
export interface Identity {
  user: User;
  sessionId: number;
  expiresAt: number;
}

/** Tells the socket layer to cut off sessions at once; see live-sockets.ts. */
export interface Revoker {
  revokeSessions(sessionIds: number[], code: ErrorCode): void;
  revokeUser(userId: number, code: ErrorCode): void;
}

/** How often ended sessions and expired refresh tokens are deleted (at most; see `sweep`). */
const PRUNE_EVERY_MS = 10 * 60_000;

function publicUser({ id, username, displayName, role }: StoredUser | User): User {
  return { id, username, displayName, role };
}

/** Registration, login, token refresh and revocation: everything that issues or checks a token. */
export class Accounts {
  private readonly loginLimiter: SharedWindowLimiter;
  private readonly refreshPerAddress: SharedBucketLimiter;
  private readonly refreshPerSession: SharedWindowLimiter;
  /** Every password hash a request causes goes through here: per address and server-wide caps. */
  private readonly work: PasswordWork;
  private readonly registration: Registration;
  /**
   * Verified against when the user does not exist, so that both failures cost one scrypt. Made
   * at the first password check, not at start (a hash thread and a scrypt a server that nobody
   * logs in to need not pay), and awaited by every check so that its first making times alike.
   */
  private dummy: Promise<string> | undefined;
  /** When the store was last pruned; 0 so that the first sweep prunes. */
  private prunedAt = 0;
  /** Sessions' last activity, noted in memory and written by `sweep` (see session-activity.ts). */
  readonly activity = new SessionActivity();

  constructor(
    private readonly store: ChatStore,
    private readonly signer: TokenSigner,
    private readonly options: ResolvedOptions,
    private readonly revoker: Revoker,
    setup: SetupGate,
    /** The settings an admin changes live (registration policy, deleted users' messages, …). */
    readonly settings?: LiveSettings,
    /** With several nodes: every budget of an account (logins, refreshes, registrations, hashing,
     * password checks, uploads) counts across all of them. */
    readonly budgets?: SharedBudgets,
  ) {
    this.loginLimiter = new SharedWindowLimiter('login', options.loginRate, budgets);
    this.refreshPerAddress = new SharedBucketLimiter('refresh', options.refreshRate, budgets);
    this.refreshPerSession = new SharedWindowLimiter(
      'session-refresh',
      options.sessionRefreshRate,
      budgets,
    );
    this.work = new PasswordWork(options.hashRate, options.hashJobs, budgets);
    this.registration = new Registration(store, options, setup, this.work, settings, budgets);
  }

  async register(body: unknown, from: Requester, userAgent?: string): Promise<TokenPair> {
    return this.startSession(await this.registration.createUser(body, from), {
      ip: from.ip,
      userAgent,
    });
  }

  async login(body: unknown, ip: string, userAgent?: string): Promise<TokenPair> {
    const input = parse(loginBody, body);
    requireAllowed(
      await this.loginLimiter.hit(`${ip}\n${input.username}`),
      'Too many login attempts.',
    );
    const dummy = await this.dummyHash();
    const user = await this.store.findUserByUsername(input.username);
    const stored = user?.passwordHash ?? dummy;
    const matches = await this.work.run(ip, () => verifyPassword(input.password, stored));
    if (!user || !matches) {
      throw new ChatError(ErrorCode.invalidCredentials, 'Wrong username or password.');
    }
    if (user.banned)
      throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
    return this.startSession(user, { ip, userAgent });
  }

  /**
   * Rotates a refresh token. Each rotation is a durable write, so it is rate limited per address
   * and per session; the session is looked up first, with a read.
   */
  async refresh(body: unknown, ip: string): Promise<TokenPair> {
    const { refreshToken } = parse(refreshBody, body);
    requireAllowed(
      await this.refreshPerAddress.spend(ip),
      'Too many token refreshes from this address.',
    );
    const oldHash = hashToken(refreshToken);
    const sessionId = await this.store.sessionOfRefreshToken(oldHash);
    if (sessionId === undefined)
      throw new ChatError(ErrorCode.invalidToken, 'Unknown refresh token.');
    requireAllowed(
      await this.refreshPerSession.hit(String(sessionId)),
      'Too many token refreshes for this session.',
    );
    const next = randomToken();
    const now = Date.now();
    const outcome = await this.store.rotateRefreshToken({
      oldHash,
      newHash: hashToken(next),
      refreshExpiresAt: now + this.options.refreshTokenTtlSec * 1000,
      graceMs: this.options.refreshGraceSec * 1000,
      sessionMaxAgeMs: this.options.sessionMaxAgeSec * 1000,
      now,
    });
    switch (outcome.status) {
      case 'unknown':
        throw new ChatError(ErrorCode.invalidToken, 'Unknown refresh token.');
      case 'expired':
        throw new ChatError(
          ErrorCode.tokenExpired,
          'The refresh token or its session has expired; sign in again.',
        );
      case 'revoked':
        throw new ChatError(ErrorCode.tokenRevoked, 'This session has ended; sign in again.');
      case 'reused':
        // A spent token came back outside the grace window (or one the window discarded):
        // someone holds a copy. End the session everywhere.
        this.revoker.revokeSessions([outcome.sessionId], ErrorCode.tokenRevoked);
        throw new ChatError(
          ErrorCode.tokenRevoked,
          'This refresh token was already used; the session is ended.',
        );
    }
    if (outcome.user.banned)
      throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
    this.activity.note(outcome.sessionId, now);
    return {
      ...this.signer.sign(outcome.user, outcome.sessionId),
      refreshToken: next,
      user: publicUser(outcome.user),
    };
  }

  /** Verifies an access token and checks that its session is live and its user not banned. */
  async authenticate(token: unknown): Promise<Identity> {
    const claims = this.signer.verify(token);
    const state = await this.store.sessionState(claims.sessionId);
    if (!state || state.user.id !== claims.userId) {
      throw new ChatError(ErrorCode.invalidToken, 'The token names no session on this server.');
    }
    if (state.banned)
      throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
    if (state.revoked)
      throw new ChatError(ErrorCode.tokenRevoked, 'This session has ended; sign in again.');
    if (Date.now() >= state.startedAt + this.options.sessionMaxAgeSec * 1000)
      throw new ChatError(ErrorCode.tokenExpired, 'This session is too old; sign in again.');
    return {
      user: state.user,
      sessionId: claims.sessionId,
      expiresAt: claims.expiresAt,
    };
  }

  async logout(identity: Identity): Promise<void> {
    await this.store.revokeSession(identity.sessionId, Date.now());
    this.revoker.revokeSessions([identity.sessionId], ErrorCode.tokenRevoked);
  }

  /** `POST /api/invites`: a single-use code with the server's invite lifetime (admins too). */
  async createInvite(identity: Identity): Promise<InviteCreated> {
    const { code, invite } = await issueInviteCode(this.store, identity.user.id, {
      maxUses: 1,
      lifetimeMs: this.options.inviteTtlSec * 1000,
    });
    return { code, expiresAt: invite.expiresAt };
  }

  /** Bans or unbans; a ban ends every session of the user and disconnects their sockets at once. */
  async setBanned(
    identity: Identity,
    username: string,
    banned: boolean,
    reason = '',
  ): Promise<User> {
    // Admin rights before the lookup: a member learns nothing about which usernames exist.
    await requireAdmin(this.store, identity.user.id);
    const target = await this.store.findUserByUsername(username);
    if (!target) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
    const user = await changeBan(this.store, this.revoker, identity.user.id, target.id, {
      banned,
      reason,
    });
    return publicUser(user);
  }

  /**
   * Forgets finished rate-limit windows, and every few minutes deletes ended sessions and expired
   * refresh tokens from the store; called periodically by the server.
   */
  sweep(now = Date.now()): void {
    this.loginLimiter.sweep();
    this.refreshPerAddress.sweep();
    this.refreshPerSession.sweep();
    this.work.sweep();
    this.registration.sweep();
    this.activity
      .flush(this.store)
      .catch((error: unknown) => this.options.logger.warn('noting session activity failed', error));
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    // Sessions that ended less than an access-token lifetime ago stay: their access tokens still
    // in flight must meet `token_revoked`, not an unknown session.
    this.store
      .pruneSessions({
        now,
        sessionMaxAgeMs: this.options.sessionMaxAgeSec * 1000,
        endedBefore: now - this.options.accessTokenTtlSec * 1000,
      })
      .catch((error: unknown) => this.options.logger.warn('pruning sessions failed', error));
  }

  private dummyHash(): Promise<string> {
    // A failed one is not kept: the next check makes it again.
    return (this.dummy ??= hashPassword(randomToken(), this.options.scryptCost).catch((error) => {
      this.dummy = undefined;
      throw error;
    }));
  }

  /**
   * Checks a password against a stored hash (an unknown user's: the dummy hash, so that both cost
   * one scrypt) through the same hashing budget as logins; may throw `rate_limited`.
   */
  async checkPassword(ip: string, stored: string | undefined, password: string): Promise<boolean> {
    const dummy = await this.dummyHash();
    const hash = stored || dummy;
    const matches = await this.work.run(ip, () => verifyPassword(password, hash));
    return matches && stored !== undefined && stored !== '';
  }

  /** Hashes a new password through the hashing budget; may throw `rate_limited`. */
  hashNewPassword(ip: string, password: string): Promise<string> {
    return this.work.run(ip, () => hashPassword(password, this.options.scryptCost));
  }

  /** Starts a session (sign-in, or a redeemed reset code) remembering the device it came from. */
  async startSession(
    user: User,
    device: { ip: string; userAgent: string | undefined },
  ): Promise<TokenPair> {
    const refreshToken = randomToken();
    const now = Date.now();
    const sessionId = await this.store.createSession({
      userId: user.id,
      ip: device.ip,
      userAgent: storedUserAgent(device.userAgent),
      refreshHash: hashToken(refreshToken),
      // No refresh token outlives its session.
      refreshExpiresAt:
        now + Math.min(this.options.refreshTokenTtlSec, this.options.sessionMaxAgeSec) * 1000,
      now,
    });
    return { ...this.signer.sign(user, sessionId), refreshToken, user: publicUser(user) };
  }
}
