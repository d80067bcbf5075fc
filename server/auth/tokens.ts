import { createHash, createSecretKey, hash, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { TokenMemo } from './token-memo.js';

/** The only algorithm Parley signs with and the only one it accepts. */
export const JWT_ALGORITHM = 'HS256';
export const JWT_AUDIENCE = 'parley';
/** Longer tokens are refused before any parsing; ours are about 300 bytes. */
const MAX_TOKEN_LENGTH = 4096;
/**
 * Tokens whose verification is remembered: at most this many, and at least the 10,000 used most
 * recently (token-memo.ts keeps half its limit for sure); ~0.2 kB each (a hash and claims).
 */
const REMEMBERED_TOKENS = 20_000;

/** What a verified access token says. */
export interface AccessClaims {
  userId: number;
  sessionId: number;
  /** Expiry in milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Signs and verifies access tokens. The secret is imported once as a KeyObject: handing
 * jsonwebtoken a string or Buffer makes it import the key again on every call, which costs far
 * more than the HMAC itself.
 *
 * A token that passed jsonwebtoken's checks is remembered (by a SHA-256 of its exact text, with
 * its claims; never the token itself, so the heap holds no bearer credentials) so that
 * presenting it again (every reconnect, every API call of a client) skips the parse and
 * the HMAC: with the key, issuer and audience fixed for the signer's life, the only check whose
 * answer changes with time is the expiry, and it is made again on every use. Refused tokens are
 * never remembered, so nobody can fill the memory without valid tokens. This says nothing about
 * whether the session still lives: `Accounts.authenticate` asks the store that every time.
 */
export class TokenSigner {
  private readonly key: KeyObject;
  /** Verified tokens (by `memoKey`) and their claims. */
  private readonly verified: TokenMemo<AccessClaims>;

  /** `remembered`: how many verified tokens to remember at most (tests make it small). */
  constructor(
    secret: string | Buffer,
    private readonly issuer: string,
    private readonly ttlSec: number,
    remembered = REMEMBERED_TOKENS,
  ) {
    this.key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
    this.verified = new TokenMemo(remembered);
  }

  /** How many verified tokens are remembered now (for tests: the memo must stay bounded). */
  get rememberedCount(): number {
    return this.verified.size;
  }

  sign(
    user: { id: number; username: string },
    sessionId: number,
  ): { token: string; expiresAt: number } {
    const token = jwt.sign({ sid: sessionId, name: user.username }, this.key, {
      algorithm: JWT_ALGORITHM,
      subject: String(user.id),
      issuer: this.issuer,
      audience: JWT_AUDIENCE,
      expiresIn: this.ttlSec,
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, expiresAt: exp * 1000 };
  }

  /** Verifies signature, algorithm, issuer, audience and times; throws a ChatError with the code. */
  verify(token: unknown): AccessClaims {
    if (typeof token !== 'string' || token === '') {
      throw new ChatError(ErrorCode.credentialsRequired, 'No token was given.');
    }
    if (token.length > MAX_TOKEN_LENGTH)
      throw new ChatError(ErrorCode.invalidToken, 'The token is too long.');
    const key = memoKey(token);
    const known = this.verified.get(key);
    if (known) {
      // jsonwebtoken's own rule: expired once the clock reaches `exp` (no clock tolerance).
      if (Date.now() < known.expiresAt) {
        this.verified.set(key, known); // in use: kept when the oldest generation goes
        return known;
      }
      this.verified.delete(key);
      throw new ChatError(ErrorCode.tokenExpired, 'The token has expired.');
    }
    const claims = this.check(token);
    this.verified.set(key, claims);
    return claims;
  }

  /** jsonwebtoken's verification, with the algorithm pinned, then our own claims. */
  private check(token: string): AccessClaims {
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.issuer,
        audience: JWT_AUDIENCE,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new ChatError(ErrorCode.tokenExpired, 'The token has expired.');
      }
      throw new ChatError(ErrorCode.invalidToken, 'The token is not valid for this server.');
    }
    const userId = Number(payload.sub);
    const { sid, exp } = payload;
    if (
      !Number.isSafeInteger(userId) ||
      userId <= 0 ||
      !Number.isSafeInteger(sid) ||
      typeof exp !== 'number'
    ) {
      throw new ChatError(ErrorCode.invalidToken, 'The token lacks required claims.');
    }
    // Frozen: the same claims are handed to every later use of the token.
    return Object.freeze({ userId, sessionId: sid, expiresAt: exp * 1000 });
  }
}

/**
 * What the memo keys a token by: its SHA-256, so a heap snapshot or core dump holds no usable
 * token, while any change to the text (even one bit of the signature) still gives another key.
 * The one-shot `hash` (~0.5 µs for ~300 bytes) costs a third of a `createHash` object, and far
 * less than the parse and HMAC it saves.
 */
function memoKey(token: string): string {
  return hash('sha256', token, 'base64');
}

/** A new opaque secret for refresh tokens and invite codes: 32 random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** What the database keeps instead of a refresh token or invite code. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
