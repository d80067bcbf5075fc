/**
 * In-process rig for the auth-path micro-benchmark: a real Parley server (real SQLite store in a
 * temp dir, as bench/servers/parley.ts sets it up), users with sessions and tokens, and a way to
 * run the server's own Socket.IO middleware chain on a socket-shaped object, without sockets.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '../../server/auth/tokens.js';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { freshAuths, signFresh, type BenchSession } from './fresh-token.js';

type Next = (err?: Error) => void;
type Middleware = (socket: FakeSocket, next: Next) => unknown;

/** The parts of a Socket.IO socket that the handshake middlewares read and write. */
interface FakeSocket {
  id: string;
  handshake: { auth: object; headers: Record<string, string>; query: Record<string, string> };
  data: Record<string, unknown>;
  /** The engine.io connection: open while the handshake runs, closed by the rig after it. */
  conn: {
    readyState: string;
    once(event: 'close', listener: () => void): void;
    off(event: 'close', listener: () => void): void;
  };
}

/** One server of the rig: its handshake auths (one per user) and its middleware chain. */
export interface HandshakeRig {
  /** One handshake auth per user: its user id without auth, else a token for its session. */
  auths: object[];
  /**
   * Without auth, `auths`; with auth, a token per session that the server has never seen (a
   * `jti` of the batch's number makes it differ), so that its verification is not remembered.
   */
  freshAuths(batch: number): object[];
  /** Runs every middleware the server installed, in order, as Socket.IO does for a CONNECT. */
  handshake(auth: object): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a server (`noAuth`: with `unsafeSkipAuthForBenchmarks`, the benchmark identity) holding
 * `users` users, each in one of `rooms` rooms and, with auth, with a session and a token.
 * `socketsPerUser`: the server's cap (the bench lifts it; a test sets it to 1 to see that each
 * handshake lets go of its place).
 */
export async function startRig(
  noAuth: boolean,
  users: number,
  rooms = 10,
  socketsPerUser = 1_000_000,
): Promise<HandshakeRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-auth-bench-'));
  const secret = randomBytes(32);
  const store = openSqliteStore(dataDir);
  const server = createChatServer({
    dataDir,
    store,
    jwtSecret: secret,
    logger: silentLogger,
    unsafeSkipAuthForBenchmarks: noAuth,
    handshakesPerIp: 1_000_000,
    socketsPerUser,
  });
  await server.listen(0, '127.0.0.1');
  const sessions: BenchSession[] = [];
  const auths: object[] = [];
  const roomIds: number[] = [];
  for (let i = 0; i < users; i++) {
    const username = `u${i}`;
    const outcome = await store.registerUser(
      { username, displayName: username, passwordHash: 'x' },
      { policy: 'open', now: Date.now(), setupVerified: true },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    const user = outcome.user;
    if (roomIds.length < rooms) {
      const created = await store.createRoom({
        name: `bench-${i}`,
        kind: 'public',
        createdBy: user.id,
        now: Date.now(),
      });
      if (!created.ok) throw new Error(created.reason);
      roomIds.push(created.room.id);
    }
    await store.addMember(roomIds[i % roomIds.length] ?? 1, user.id);
    if (noAuth) {
      auths.push({ userId: user.id });
      continue;
    }
    const now = Date.now();
    const sessionId = await store.createSession({
      userId: user.id,
      refreshHash: hashToken(randomUUID()),
      refreshExpiresAt: now + 3_600_000,
      now,
    });
    sessions.push({ user, sessionId });
    auths.push({ token: signFresh(secret, server.serverId, user, sessionId, 0) });
  }
  // Socket.IO keeps a namespace's middlewares in `_fns`; running those very functions is the
  // honest measure of what a CONNECT costs the server in them.
  const chain = (server.io.of('/') as unknown as { _fns: Middleware[] })._fns;
  let nextId = 0;
  return {
    auths,
    freshAuths: (batch) => (noAuth ? auths : freshAuths(secret, server.serverId, sessions, batch)),
    async handshake(auth) {
      const onClose: Array<() => void> = [];
      const socket: FakeSocket = {
        id: `s${nextId++}`,
        handshake: { auth: { ...auth }, headers: {}, query: {} },
        data: {},
        conn: {
          readyState: 'open',
          once: (_event, listener) => onClose.push(listener),
          off: (_event, listener) => onClose.splice(onClose.indexOf(listener) >>> 0, 1),
        },
      };
      try {
        for (const middleware of chain) {
          await new Promise<void>((resolve, reject) => {
            void middleware(socket, (err) => (err ? reject(err) : resolve()));
          });
        }
      } finally {
        // The connection goes, as a socket that connected (or was refused) and left would: the
        // per-user count of sockets still being admitted (server/socket/user-sockets.ts) lets go.
        socket.conn.readyState = 'closed';
        // Taken out first: a listener removes itself (`off`) as it runs.
        for (const listener of onClose.splice(0)) listener();
      }
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
