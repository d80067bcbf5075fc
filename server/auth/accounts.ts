import { ChatError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { ErrorCode, type InviteCreated, type TokenPair, type User } from '../protocol.js';
import { loginBody, parse, refreshBody, registerBody } from '../schemas.js';
import type { ChatStore, StoredUser } from '../storage/store.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { WindowLimiter } from './rate-limit.js';
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

function publicUser({ id, username, displayName, role }: StoredUser | User): User {
  return { id, username, displayName, role };
}

/** Registration, login, token refresh and revocation: everything that issues or checks a token. */
export class Accounts {
  private readonly loginLimiter: WindowLimiter;
  private readonly registerLimiter: WindowLimiter;
  /** Verified against when the user does not exist, so that both failures cost one scrypt. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly store: ChatStore,
    private readonly signer: TokenSigner,
    private readonly options: ResolvedOptions,
    private readonly revoker: Revoker,
  ) {
    this.loginLimiter = new WindowLimiter(options.loginRate);
    this.registerLimiter = new WindowLimiter(options.registerRate);
    this.dummyHash = hashPassword(randomToken(), options.scryptCost);
  }

  async register(body: unknown, ip: string): Promise<TokenPair> {
    const input = parse(registerBody, body);
    limit(this.registerLimiter.hit(ip), 'Too many registrations from this address.');
    const passwordHash = await hashPassword(input.password, this.options.scryptCost);
    const outcome = await this.store.registerUser(
      { username: input.username, displayName: input.displayName ?? input.username, passwordHash },
      {
        policy: this.options.registration,
        inviteHash: input.invite === undefined ? undefined : hashToken(input.invite),
        now: Date.now(),
      },
    );
    if (!outcome.ok) throw new ChatError(outcome.reason, REGISTER_REFUSALS[outcome.reason]);
    return this.startSession(outcome.user);
  }

  async login(body: unknown, ip: string): Promise<TokenPair> {
    const input = parse(loginBody, body);
    limit(this.loginLimiter.hit(`${ip}\n${input.username}`), 'Too many login attempts.');
    const user = await this.store.findUserByUsername(input.username);
    const matches = await verifyPassword(
      input.password,
      user?.passwordHash ?? (await this.dummyHash),
    );
    if (!user || !matches) {
      throw new ChatError(ErrorCode.invalidCredentials, 'Wrong username or password.');
    }
    if (user.banned)
      throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
    return this.startSession(user);
  }

  async refresh(body: unknown): Promise<TokenPair> {
    const { refreshToken } = parse(refreshBody, body);
    const next = randomToken();
    const now = Date.now();
    const outcome = await this.store.rotateRefreshToken({
      oldHash: hashToken(refreshToken),
      newHash: hashToken(next),
      refreshExpiresAt: now + this.options.refreshTokenTtlSec * 1000,
      now,
    });
    switch (outcome.status) {
      case 'unknown':
        throw new ChatError(ErrorCode.invalidToken, 'Unknown refresh token.');
      case 'expired':
        throw new ChatError(
          ErrorCode.tokenExpired,
          'The refresh token has expired; sign in again.',
        );
      case 'revoked':
        throw new ChatError(ErrorCode.tokenRevoked, 'This session has ended; sign in again.');
      case 'reused':
        // A spent token came back: someone holds a copy. End the session everywhere.
        this.revoker.revokeSessions([outcome.sessionId], ErrorCode.tokenRevoked);
        throw new ChatError(
          ErrorCode.tokenRevoked,
          'This refresh token was already used; the session is ended.',
        );
    }
    if (outcome.user.banned)
      throw new ChatError(ErrorCode.banned, 'This account is banned from the server.');
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

  async createInvite(identity: Identity): Promise<InviteCreated> {
    requireOwner(identity);
    const code = randomToken(12);
    const expiresAt = Date.now() + this.options.inviteTtlSec * 1000;
    await this.store.createInvite({
      hash: hashToken(code),
      createdBy: identity.user.id,
      expiresAt,
    });
    return { code, expiresAt };
  }

  /** Bans or unbans; a ban ends every session of the user and disconnects their sockets at once. */
  async setBanned(identity: Identity, username: string, banned: boolean): Promise<User> {
    requireOwner(identity);
    const target = await this.store.findUserByUsername(username);
    if (!target) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
    if (target.role === 'owner')
      throw new ChatError(ErrorCode.forbidden, 'The owner cannot be banned.');
    await this.store.setBanned(target.id, banned);
    if (banned) {
      await this.store.revokeUserSessions(target.id, Date.now());
      this.revoker.revokeUser(target.id, ErrorCode.banned);
    }
    return publicUser(target);
  }

  /** Forgets finished rate-limit windows; called periodically by the server. */
  sweep(): void {
    this.loginLimiter.sweep();
    this.registerLimiter.sweep();
  }

  private async startSession(user: User): Promise<TokenPair> {
    const refreshToken = randomToken();
    const sessionId = await this.store.createSession({
      userId: user.id,
      refreshHash: hashToken(refreshToken),
      refreshExpiresAt: Date.now() + this.options.refreshTokenTtlSec * 1000,
      now: Date.now(),
    });
    return { ...this.signer.sign(user, sessionId), refreshToken, user: publicUser(user) };
  }
}

const REGISTER_REFUSALS = {
  username_taken: 'That username is taken.',
  registration_closed: 'This server does not accept new accounts.',
  invalid_invite: 'The invite code is missing, used or expired.',
} as const;

function limit(result: { allowed: boolean; retryAfterMs?: number }, message: string): void {
  if (!result.allowed) throw new ChatError(ErrorCode.rateLimited, message, result.retryAfterMs);
}

function requireOwner(identity: Identity): void {
  if (identity.user.role !== 'owner')
    throw new ChatError(ErrorCode.forbidden, 'Only the owner can do this.');
}
