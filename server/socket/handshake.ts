import type { ExtendedError } from 'socket.io';
import type { Accounts } from '../auth/accounts.js';
import { ChatError, toErrorBody } from '../errors.js';
import { bearerToken } from '../http/api-routes.js';
import { ErrorCode, type HandshakeAuth, type HandshakeErrorData } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import type { LiveSockets } from './live-sockets.js';
import { setIdentity } from './socket-identity.js';
import type { ChatSocket } from './types.js';

type Handshake = ChatSocket['handshake'];

/**
 * Every place a handshake may carry a token, as sent. `handshakeToken` and
 * `handshakeCarriesToken` read only these, so a place added here counts for both: the benchmark
 * identity must never let a handshake through unchecked when it offers a token somewhere.
 */
function tokenSources(handshake: Handshake): Record<'auth' | 'header' | 'query', unknown> {
  return {
    auth: (handshake.auth as Record<string, unknown> | undefined)?.token,
    header: handshake.headers.authorization,
    query: handshake.query.token,
  };
}

/**
 * Finds the token: `auth.token` first, then `Authorization: Bearer`. A token in the query string
 * ends up in proxy and server logs, so it is refused unless `allowQueryToken` is set.
 */
export function handshakeToken(handshake: Handshake, allowQueryToken: boolean): string | undefined {
  const { auth, header, query } = tokenSources(handshake);
  if (typeof auth === 'string' && auth !== '') return auth;
  const bearer = bearerToken(typeof header === 'string' ? header : undefined);
  if (bearer) return bearer;
  if (query === undefined) return undefined;
  if (!allowQueryToken) {
    throw new ChatError(
      ErrorCode.credentialsRequired,
      'Tokens in the URL are refused; send the token in the handshake auth ({ auth: { token } }).',
    );
  }
  return typeof query === 'string' ? query : undefined;
}

/** Whether the handshake offers anything in a place a token may be (valid or not). */
export function handshakeCarriesToken(handshake: Handshake): boolean {
  return Object.values(tokenSources(handshake)).some(
    (value) => value !== undefined && value !== '',
  );
}

/** A handshake refusal that carries our error code in `err.data.code`. */
export function refusal(error: unknown): ExtendedError {
  const body = toErrorBody(error);
  const refused: ExtendedError & { data?: HandshakeErrorData } = new Error(body.message);
  refused.data = { code: body.code };
  return refused;
}

/** The revocation mark each socket's handshake took just before it read the store. */
const marks = new WeakMap<ChatSocket, number>();

/**
 * Why the socket must not be admitted after all: its session or user was revoked after its
 * handshake read the store (logout, ban or refresh-token reuse in between). Undefined otherwise.
 */
export function revokedDuringHandshake(
  socket: ChatSocket,
  live: LiveSockets,
): ErrorCode | undefined {
  const mark = marks.get(socket);
  return mark === undefined ? undefined : live.revokedSince(mark, socket);
}

/** Socket.IO middleware: verifies the handshake's token and puts the identity on the socket. */
export function handshakeAuth(accounts: Accounts, allowQueryToken: boolean, live: LiveSockets) {
  return async (socket: ChatSocket, next: (err?: ExtendedError) => void): Promise<void> => {
    try {
      const token = handshakeToken(socket.handshake, allowQueryToken);
      if (token === undefined)
        throw new ChatError(ErrorCode.credentialsRequired, 'No token was given.');
      marks.set(socket, live.mark());
      setIdentity(socket, await accounts.authenticate(token));
      accounts.activity.note(socket.data.sessionId); // in memory; written once a minute
      // The bearer token has done its job; do not keep a copy of it for the socket's lifetime.
      // The batch flag stays: the connection handler reads it (see room-batches.ts).
      socket.handshake.auth =
        (socket.handshake.auth as HandshakeAuth).batch === true ? { batch: true } : {};
      next();
    } catch (error) {
      next(refusal(error));
    }
  };
}

/**
 * Benchmarks only: the identity comes unverified from `auth.userId`. It still loads the user, as
 * any server must to label messages, so that a benchmark measures what token checks cost. A
 * handshake that carries a token goes to `verified` (the real check) instead, so that one server
 * process can serve bursts with and without tokens: the connect benchmark compares the two within
 * one process, because in one run two processes running the very same code differed by 14 %
 * (docs/bench-connect-process-bias-2026-12-07.txt).
 */
export function benchmarkIdentity(store: ChatStore, verified: ReturnType<typeof handshakeAuth>) {
  return async (socket: ChatSocket, next: (err?: ExtendedError) => void): Promise<void> => {
    if (handshakeCarriesToken(socket.handshake)) return verified(socket, next);
    const userId = Number((socket.handshake.auth as { userId?: unknown } | undefined)?.userId);
    const user = Number.isSafeInteger(userId) ? await store.findUserById(userId) : undefined;
    if (!user) return next(new Error('unknown userId'));
    const { id, username, displayName, role } = user;
    setIdentity(socket, {
      user: { id, username, displayName, role },
      sessionId: 0,
      expiresAt: Date.now() + 3_600_000,
    });
    next();
  };
}
