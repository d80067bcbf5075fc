/**
 * Access tokens the server has never seen, for the benches that must pay a token's first
 * verification: the server remembers tokens it verified (server/auth/tokens.ts), so a bench
 * that presents the same tokens round after round would measure a reconnect only.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JWT_ALGORITHM, JWT_AUDIENCE } from '../../server/auth/tokens.js';

/**
 * Signs as TokenSigner does (same claims, algorithm, issuer and audience), plus a `jti` of
 * `batch` that the server ignores but that makes the text, and so the memo key, new.
 */
export function signFresh(
  secret: Buffer | KeyObject,
  issuer: string,
  user: { id: number; username: string },
  sessionId: number,
  batch: number,
): string {
  return jwt.sign({ sid: sessionId, name: user.username }, secret, {
    algorithm: JWT_ALGORITHM,
    subject: String(user.id),
    issuer,
    audience: JWT_AUDIENCE,
    expiresIn: 3600,
    jwtid: String(batch),
  });
}

/** A user's session, as the benches seed them. */
export interface BenchSession {
  user: { id: number; username: string };
  sessionId: number;
}

/** A handshake auth with a new token for each session, in order (see `signFresh`). */
export function freshAuths(
  secret: Buffer,
  issuer: string,
  sessions: readonly BenchSession[],
  batch: number,
): Array<{ token: string }> {
  // Imported once: jsonwebtoken imports a Buffer key again on every call (see tokens.ts).
  const key = createSecretKey(secret);
  return sessions.map(({ user, sessionId }) => ({
    token: signFresh(key, issuer, user, sessionId, batch),
  }));
}
