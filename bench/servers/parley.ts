/** Bench worker: a Parley server with its store seeded directly and tokens minted up front. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashToken, TokenSigner } from '../../server/auth/tokens.js';
import { openChatServer } from '../../server/open-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { processStats, serve } from '../lib/workers.js';
import {
  givenSecret,
  openBenchStore,
  postgresUrl,
  redisUrl,
  seedPostgresHistory,
} from './cluster-node.js';
import { replayChanges, seedRooms } from './change-feed-seed.js';
import { freshAuths, type BenchSession } from './fresh-token.js';
import { seedSearchRooms } from './search-seed.js';

const noAuth = process.argv.includes('--no-auth');
/**
 * `--mixed-auth`: handshakes with a token are verified, those with a bare `userId` are not, so
 * that the connect benchmark can compare the two in one process (`users` returns both).
 */
const mixedAuth = process.argv.includes('--mixed-auth');
/**
 * Password limits: `--hash-limits` keeps the server's defaults (hashes per address, and running
 * and waiting server-wide), `--no-hash-limits` turns both off (what the server was before they
 * existed); neither turns off the per-address one only, so one address may log in at any rate.
 */
const hashLimits = process.argv.includes('--hash-limits')
  ? {}
  : process.argv.includes('--no-hash-limits')
    ? { hashRate: { max: 1_000_000, windowMs: 60_000 }, hashJobs: { running: 64, waiting: 10_000 } }
    : { hashRate: { max: 1_000_000, windowMs: 60_000 } };
const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const secret = givenSecret ?? randomBytes(32);
const store = await openBenchStore(dataDir);
const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };
// openChatServer: it loads the Redis client when a cluster bench gives `redis`.
const server = await openChatServer({
  dataDir,
  store,
  jwtSecret: secret,
  ...(redisUrl && { redis: redisUrl }),
  logger: silentLogger,
  messageRate: unlimited,
  eventRate: unlimited,
  searchRate: unlimited,
  loginRate: { max: 1_000_000, windowMs: 60_000 },
  registerRate: { max: 1_000_000, windowMs: 60_000 },
  ...hashLimits,
  unsafeSkipAuthForBenchmarks: noAuth || mixedAuth,
  // The load agent is one address that opens up to 100 handshakes at once.
  handshakesPerIp: 1_000_000,
  // The upload bench sends gigabytes in a few seconds from one user.
  uploadRate: unlimited,
  fileQuotaBytes: Number.MAX_SAFE_INTEGER,
  // BENCH_BATCH_WINDOW_MS: another coalescing window for an A/B (0: every message at once).
  ...(process.env.BENCH_BATCH_WINDOW_MS && {
    batchWindowMs: Number(process.env.BENCH_BATCH_WINDOW_MS),
  }),
});
const { port } = await server.listen(0, '127.0.0.1');
const signer = new TokenSigner(secret, server.serverId, 3600);
let seeded = 0;
/** The users made by `users`, in order, and the messages seeded by `feedSeed`. */
const made: Array<{ id: number }> = [];
let feedMessages: number[] = [];
/** The sessions the latest `users` made, in order, for `freshTokens`. */
let sessions: BenchSession[] = [];

process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

serve({
  url: () => `http://127.0.0.1:${port}`,
  ...processStats,
  /**
   * Makes `count` users (in general), each with a session; returns the handshake auth for each,
   * and `bare`: each one's `{ userId }`, which a server with `--mixed-auth` takes unverified.
   */
  users: async ({
    count,
    rooms = 0,
    perRoom = 0,
  }: {
    count: number;
    rooms?: number;
    perRoom?: number;
  }) => {
    const auths: object[] = [];
    const bare: object[] = [];
    const users = [];
    sessions = [];
    for (let i = 0; i < count; i++) {
      const username = `u${seeded++}`;
      const outcome = await store.registerUser(
        { username, displayName: username, passwordHash: 'x' },
        { policy: 'open', now: Date.now(), setupVerified: true },
      );
      if (!outcome.ok) throw new Error(outcome.reason);
      users.push(outcome.user);
      made.push(outcome.user);
    }
    const roomIds: number[] = [];
    for (let r = 0; r < rooms; r++) {
      const creator = users[r * perRoom];
      if (!creator) break;
      const created = await store.createRoom({
        name: `bench-${seeded}-${r}`,
        kind: 'public',
        createdBy: creator.id,
        now: Date.now(),
      });
      if (created.ok) roomIds.push(created.room.id);
    }
    for (const [i, user] of users.entries()) {
      const roomId = roomIds[Math.floor(i / Math.max(1, perRoom))];
      if (roomId !== undefined) await store.addMember(roomId, user.id);
      const handshake = { userId: user.id };
      bare.push(handshake);
      if (noAuth) {
        auths.push(handshake); // the same handshake: a --no-auth server takes it unverified
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
      auths.push({ token: signer.sign(user, sessionId).token });
    }
    return { auths, bare, roomIds: roomIds.length > 0 ? roomIds : [1] };
  },
  /**
   * A new token for each session the latest `users` made, in the same order: none seen by the
   * server before (`batch` must differ from call to call), so that presenting them pays the
   * full verification, as a client's first connect after a login or refresh does.
   */
  freshTokens: ({ batch }: { batch: number }) =>
    freshAuths(secret, server.serverId, sessions, batch),
  /** Rooms holding the first two users made, each with messages (change feed bench). */
  feedSeed: async (shape: { rooms: number; messages: number }) => {
    feedMessages = await seedRooms(store, made.slice(0, 2), shape);
    return { messages: feedMessages.length };
  },
  /**
   * The search bench's database: `rooms` rooms (the first user made joins `joined` of them), 20
   * authors in all of them, and `messages` messages seeded straight into the database.
   */
  searchSeed: (shape: { messages: number; rooms: number; joined: number }) => {
    const searcher = made[0];
    if (!searcher) throw new Error('make the searcher with `users` first');
    return seedSearchRooms(store, dataDir, searcher.id, shape);
  },
  /** Edits, reactions and deletions on the seeded messages, through the store. */
  feedReplay: async ({ changes }: { changes: number }) =>
    replayChanges(store, made.slice(0, 2), feedMessages, changes),
  /** Appends `count` messages to a room with one bulk transaction on a second connection. */
  history: async ({ roomId, count }: { roomId: number; count: number }) => {
    if (postgresUrl) return seedPostgresHistory(roomId, count);
    const db = new Database(join(dataDir, 'parley.db'));
    db.pragma('synchronous = OFF');
    const insert = db.prepare(
      'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (?, 1, ?, ?, ?)',
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(roomId, `history ${i}`, `h${i}`, now - count + i);
    })();
    const ids = db
      .prepare<[number], { lo: number; hi: number }>(
        'SELECT MIN(id) AS lo, MAX(id) AS hi FROM messages WHERE room_id = ?',
      )
      .get(roomId);
    db.close();
    return ids;
  },
});
