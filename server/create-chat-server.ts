import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { Server } from 'socket.io';
import { Accounts } from './auth/accounts.js';
import { AccountSecurity } from './auth/account-security.js';
import { accountRoutes } from './http/account-routes.js';
import { loadOrCreateSecret } from './auth/secret.js';
import { TokenSigner } from './auth/tokens.js';
import { apiRoutes, serverInfo } from './http/api-routes.js';
import { bodyDeadline } from './http/body-deadline.js';
import { fileSharing } from './files/file-sharing.js';
import { setupCodeExemption } from './http/local-request.js';
import { SetupGate } from './auth/setup-gate.js';
import { createHttpApp } from './http/http-app.js';
import { quietConsoleLogger } from './logger.js';
import { logRequests } from './ops/log-requests.js';
import { countingRefusals, noMetrics, PromMetrics } from './ops/metrics.js';
import { listenForMetrics, type MetricsListener } from './ops/metrics-listener.js';
import { timedStore } from './ops/timed-store.js';
import { healthProbe } from './ops/health-probe.js';
import { roomsHere } from './socket/presence-here.js';
import { MAX_ATTACHMENTS } from './protocol.js';
import { resolveOptions, type ChatServerOptions, type ResolvedOptions } from './options.js';
import { OriginPolicy, originGuard } from './http/origin-policy.js';
import { benchmarkIdentity, handshakeAuth } from './socket/handshake.js';
import { EngineGuard } from './socket/engine-guard.js';
import { ProxyTrust } from './http/proxy-trust.js';
import type { connectCluster } from './cluster/redis-adapter.js';
import { markRemoteMemberships } from './cluster/remote-memberships.js';
import { rereadAllRooms } from './cluster/reread-rooms.js';
import { UserSockets } from './socket/user-sockets.js';
import {
  createLimiters,
  handleConnection,
  loadMemberRooms,
  watchPresence,
} from './socket/connection.js';
import { LiveSockets } from './socket/live-sockets.js';
import { socketAccountNotifier } from './socket/account-notices.js';
import { RecentChanges } from './socket/recent-changes.js';
import { Presence } from './socket/presence.js';
import { RoomBatches } from './socket/room-batches.js';
import type { ChatIo, ServerContext } from './socket/types.js';
import { certificateFingerprint } from './tls/fingerprint.js';
import { openSqliteStore } from './storage/sqlite/sqlite-store.js';
import { CursorSigner } from './search/cursor.js';
import { LiveSettings } from './admin/settings.js';
import { LastSeen } from './admin/last-seen.js';
import { AvatarFiles } from './people/avatar-files.js';
import { avatarRoutes } from './people/avatar-routes.js';
import { Avatars } from './people/avatars.js';
import { shareProfiles } from './people/announce.js';
import { shareProfileLimits } from './people/profile-limits.js';

const SWEEP_MS = 60_000;
/** CONNECT packets one engine.io connection may send: a retry or two after a refusal. */
const CONNECT_ATTEMPTS = 3;
const CONNECT_TIMEOUT_MS = 10_000;

/** A running (or ready to run) Parley server. */
export interface ChatServer {
  app: Express;
  io: ChatIo;
  httpServer: HttpServer;
  /** This server's stable id, the `iss` of its tokens. */
  serverId: string;
  /** SHA-256 of the TLS certificate (64 hex digits), when serving HTTPS. */
  fingerprint: string | undefined;
  options: ResolvedOptions;
  /**
   * Starts listening; port 0 picks a free port. Resolves with the bound address. A server
   * without accounts makes its setup code first (see {@link ChatServer.setupCode}).
   */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /**
   * While the server has no owner: the one-time code that creating the owner needs (kept in
   * `<dataDir>/setup-code`, mode 0600, until the owner exists). Undefined once it does.
   */
  setupCode(): Promise<string | undefined>;
  /**
   * Removes files that no live message carries and that were uploaded more than 24 hours
   * before `now` (default: now); resolves with how many went. Runs hourly by itself.
   */
  pruneFiles(now?: number): Promise<number>;
  /** Disconnects every socket, stops the HTTP server and closes the database. */
  close(): Promise<void>;
  /** Where `GET /metrics` is served once listening, when the `metrics` option is set. */
  metricsAddress(): AddressInfo | undefined;
}

/**
 * Creates a Parley server: Express for the JSON API and web client, Socket.IO for chat, and
 * storage (SQLite in `dataDir` unless `options.store` is given). Every option is checked here;
 * a bad one throws before anything is opened. Servers share no state with each other.
 */
export function createChatServer(options: ChatServerOptions): ChatServer {
  return buildChatServer(options, undefined);
}

/**
 * The Redis client, its adapter and the shared limits: about a third of the server's bundle,
 * loaded only for a cluster node (openChatServer does), so that every other start skips it.
 */
export interface ClusterModule {
  connectCluster: typeof connectCluster;
}

/** {@link createChatServer}, given the cluster module when the `redis` option is set. */
export function buildChatServer(
  options: ChatServerOptions,
  clusterModule: ClusterModule | undefined,
): ChatServer {
  const resolved = resolveOptions(options, quietConsoleLogger);
  if (resolved.database !== undefined)
    throw new TypeError(
      'createChatServer: option "database" needs openChatServer (PostgreSQL opens asynchronously)',
    );
  if (resolved.redis !== undefined && clusterModule === undefined)
    throw new TypeError(
      'createChatServer: option "redis" needs openChatServer (the Redis client loads asynchronously)',
    );
  const { logger } = resolved;
  mkdirSync(resolved.dataDir, { recursive: true, mode: 0o700 });
  // The secret first: if its file is unsafe, nothing has been opened yet to leak.
  const secret = resolved.jwtSecret ?? loadOrCreateSecret(resolved.dataDir);
  // Metrics off: no registry, no timed store, and every count a no-op.
  const prom = resolved.metrics && new PromMetrics();
  const metrics = prom ?? noMetrics;
  // A failed WAL flush: logged once, and /healthz answers 503 from then on (wal-sync.ts).
  let storageFailure: Error | undefined;
  const untimed =
    resolved.store ??
    openSqliteStore(resolved.dataDir, {
      onStorageFailure: (error) => {
        storageFailure = error;
        logger.error(
          'storage: the WAL could not be made durable (a flush, or synchronous=FULL, failed); messages are refused until a restart',
          error,
        );
      },
      onUpkeepFailure: (what, error) => logger.warn(`storage: ${what}`, error),
    });
  const store = prom ? timedStore(untimed, prom.dbSeconds) : untimed;
  let closing: Promise<void> | undefined;
  // A networked database is asked every few seconds whether it answers (/healthz, /readyz).
  const database =
    untimed.ping &&
    healthProbe(untimed.ping.bind(untimed), (answering) =>
      answering
        ? logger.info('database: answering again')
        : logger.error('database: not answering; requests answer unavailable until it does'),
    );
  const signer = new TokenSigner(secret, store.serverId, resolved.accessTokenTtlSec);

  // Express must be the server's request listener before Socket.IO attaches: engine.io then
  // takes /socket.io/ requests and hands every other request to Express, never both.
  const app = express();
  const tls = resolved.tls;
  const httpServer: HttpServer = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, app)
    : createServer(app);
  const originPolicy = new OriginPolicy(resolved.trustedOrigins, resolved.allowedHosts);
  const proxies = new ProxyTrust(resolved.trustProxy);
  const ranges = resolved.trustProxy.filter(
    (entry) =>
      ['linklocal', 'uniquelocal'].includes(entry) ||
      (/\/./.test(entry) && !/\/(32|128|255\.255\.255\.255)$/.test(entry)),
  );
  // Every peer inside a trusted range may say who the client is, proxy or not: on a LAN whose
  // clients share the range, any of them could choose the address its limits count.
  if (ranges.length > 0)
    logger.warn(
      `trustProxy: ${ranges.join(', ')} trusts whole ranges; a client inside them that reaches this server directly can choose the address its limits count. Name the proxies' own addresses.`,
    );
  // Express reads client addresses (req.ip) and the scheme (req.secure) through the same test.
  app.set('trust proxy', proxies.expressSetting);
  const engineGuard = new EngineGuard(
    originPolicy,
    {
      handshakesPerIp: resolved.handshakesPerIp,
      connectAttempts: CONNECT_ATTEMPTS,
      backlog: resolved.slowClientLimit,
    },
    proxies,
  );
  // Set once the context exists; a gap is told a second after it is found, so never before.
  let rereadRooms = () => {};
  // With Redis, this node is one of several: the adapter carries broadcasts to the others.
  const cluster =
    resolved.redis === undefined || clusterModule === undefined
      ? undefined
      : clusterModule.connectCluster(
          resolved.redis,
          { serverId: store.serverId, secret, streamMaxLen: resolved.redisStreamMaxLen },
          logger,
          {
            onBack(since) {
              // Broadcasts this node wrote while cut off from Redis may never reach any node (a
              // Redis restarted without AOF has lost its stream, and commands in flight fail):
              // every node's clients catch up from the database, as after a reconnect.
              io.local.emit('server:resync', { since });
              io.serverSideEmit('parley:resync', since);
            },
            // This node alone read past entries the stream had already dropped: its clients
            // catch up, and its sockets' rooms are read again (a removal may be among them).
            onGap: (since) => {
              io.local.emit('server:resync', { since });
              rereadRooms();
            },
          },
        );
  const io: ChatIo = new Server(httpServer, {
    ...(cluster && { adapter: cluster.adapter }),
    maxHttpBufferSize: resolved.maxFrameBytes,
    serveClient: false,
    // Origin, host name and per-address checks before engine.io allocates a session.
    allowRequest: engineGuard.allowRequest,
    // A session that joins no namespace holds a handshake slot of its address until this passes.
    connectTimeout: CONNECT_TIMEOUT_MS,
    // No connection-state recovery: every reconnect passes the token check again, and clients
    // catch up with `message:history { after }` instead.
  });
  // After Socket.IO, which wraps the request listeners there are by then: the deadline covers
  // its long-polling bodies too. Node's requestTimeout goes (it cut off slow uploads).
  bodyDeadline(httpServer);
  const live = new LiveSockets(io, resolved.expiringNoticeSec * 1000, cluster !== undefined);
  const presence = new Presence(
    io,
    cluster && ((nodesChanged) => cluster.sharePresence(nodesChanged)),
  );
  const batches = new RoomBatches(io, resolved.batchWindowMs, logger, cluster !== undefined);
  const setup = new SetupGate(resolved.dataDir, store);
  const settings = new LiveSettings(store, resolved);
  const accounts = new Accounts(store, signer, resolved, live, setup, settings, cluster?.budgets);
  const avatarFiles = new AvatarFiles(join(resolved.dataDir, 'avatars'), store.avatarImages);
  const security = new AccountSecurity(
    store,
    accounts,
    live,
    socketAccountNotifier(io),
    settings,
    resolved,
    avatarFiles,
  );
  const lastSeen = new LastSeen();
  const limiters = createLimiters(resolved, cluster?.budgets);
  const files = fileSharing(store, accounts, secret, resolved);
  const avatars = new Avatars(store, io, avatarFiles, logger);
  const info = async (exempt: boolean) =>
    serverInfo(
      settings.current().name,
      store.serverId,
      settings.current().registration,
      {
        needed: (await setup.pendingCode()) !== undefined,
        codeRequired: !exempt,
      },
      {
        maxTextLength: resolved.maxTextLength,
        maxFileBytes: resolved.maxFileBytes,
        maxAttachments: MAX_ATTACHMENTS,
      },
    );
  app.use(logRequests(logger, metrics));
  createHttpApp(
    app,
    // "Your account" first: api-routes.ts ends with the catch-all `not_found`.
    express.Router().use(
      accountRoutes(accounts, security, proxies.clientKey),
      apiRoutes(
        accounts,
        info,
        setupCodeExemption(() => httpServer.address(), resolved.requireSetupCodeOnLoopback),
        proxies.clientKey,
      ),
    ),
    originGuard(originPolicy),
    resolved.webRoot,
    logger,
    {
      failing: () =>
        storageFailure
          ? 'storage'
          : database?.answering() === false
            ? 'database'
            : cluster?.down()
              ? 'redis'
              : undefined,
      closing: () => closing !== undefined,
    },
    files.routes,
    avatarRoutes(accounts, avatars),
  );
  io.engine.on('connection', (connection: Parameters<EngineGuard['admit']>[0]) =>
    engineGuard.admit(connection),
  );
  const presenceShare = presence.share;
  const userSockets = new UserSockets(
    resolved.socketsPerUser,
    cluster && presenceShare && ((local) => cluster.shareSockets(presenceShare, local)),
  );
  // Long-polling answers are readable by trusted cross-origin pages (the desktop app). A header
  // hook rather than engine.io's `cors` option: that one runs middleware on every WebSocket
  // upgrade too, which cost ~25 µs per connection in the connect benchmark.
  io.engine.on('headers', (headers: Record<string, string>, req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (originPolicy.isTrustedCrossOrigin(origin)) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers.Vary = 'Origin';
    }
  });

  const verified = handshakeAuth(accounts, resolved.allowQueryToken, live);
  if (resolved.unsafeSkipAuthForBenchmarks) {
    logger.warn(
      'parley: handshakes without a token are let in by auth.userId, unverified (unsafeSkipAuthForBenchmarks); for benchmarks only',
    );
    io.use(countingRefusals(benchmarkIdentity(store, verified), prom));
  } else {
    io.use(countingRefusals(verified, prom));
  }
  io.use(countingRefusals(userSockets.check, prom));
  const membership: ServerContext['membership'] = new RecentChanges();
  io.use(
    countingRefusals(userSockets.settlingOnRefusal(loadMemberRooms(store, live, membership)), prom),
  );
  const context: ServerContext = {
    io,
    store,
    accounts,
    live,
    presence,
    batches,
    options: resolved,
    logger,
    metrics,
    limiters,
    userSockets,
    membership,
    fileUrls: files.signer,
    searchCursors: new CursorSigner(secret),
    settings,
    lastSeen,
  };
  watchPresence(context);
  rereadRooms = rereadAllRooms(context);
  if (cluster) {
    markRemoteMemberships(io, membership);
    shareProfiles(io);
    shareProfileLimits(io, cluster.budgets);
    // Another node's link to Redis broke (above): its lost broadcasts were for sockets here too.
    io.on('parley:resync', (since) => {
      if (Number.isSafeInteger(since)) io.local.emit('server:resync', { since });
    });
  }
  prom?.watch({
    sockets: () => io.of('/').sockets.size,
    rooms: () => roomsHere(io).length,
  });
  live.start();
  io.on('connection', (socket) => {
    engineGuard.settle(socket.conn);
    handleConnection(socket, context);
  });

  const sweeper = setInterval(() => {
    accounts.sweep();
    limiters.messages.sweep();
    limiters.events.sweep();
    limiters.search.sweep();
    membership.prune();
    files.service.sweep();
    security.sweep();
    lastSeen
      .flush(store)
      .catch((error: unknown) => logger.warn('recording last seen times failed', error));
  }, SWEEP_MS).unref();

  let metricsListener: MetricsListener | undefined;
  return {
    app,
    io,
    httpServer,
    serverId: store.serverId,
    fingerprint: tls && certificateFingerprint(tls.cert),
    options: resolved,
    async listen(port = 0, host = '127.0.0.1') {
      // The setup code exists before anyone can reach a server that has no owner.
      await setup.pendingCode();
      await settings.load();
      await files.start();
      avatars.start();
      const address = await new Promise<AddressInfo>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
      if (prom && resolved.metrics) {
        const { port: metricsPort, host: metricsHost } = resolved.metrics;
        metricsListener = await listenForMetrics(prom.registry, metricsPort, metricsHost);
      }
      return address;
    },
    metricsAddress: () => metricsListener?.address,
    setupCode: () => setup.pendingCode(),
    pruneFiles: (now) => files.service.prune(now),
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        database?.stop();
        // Messages held for a batch are emitted now, best effort: engine.io may drop frames not yet
        // written when it closes the transports below. They are on disk (acknowledged), and
        // clients catch up with message:history { after } when they reconnect.
        batches.stop();
        // Takes this node's share of presence out of Redis; never waits long (shared-presence.ts).
        // Takes this node's socket counts out too; the closes below then write none back.
        await Promise.all([presence.stop(), userSockets.stop()]);
        live.stop();
        await new Promise<void>((resolve) => {
          // io.close() closes every transport without a DISCONNECT packet, so clients see a
          // dropped connection and reconnect by themselves once the server is back. It also
          // closes the HTTP server; one that never listened reports an error, which is fine.
          void io.close(() => resolve());
          httpServer.closeAllConnections();
        });
        // After io.close(), which stopped the adapter's reads.
        await cluster?.close();
        await files.stop();
        await avatars.stop();
        // After io.close(): every socket's disconnect is noted by now.
        await lastSeen
          .flush(store)
          .catch((error: unknown) => logger.warn('recording last seen times failed', error));
        await accounts.activity
          .flush(store)
          .catch((error: unknown) => logger.warn('noting session activity failed', error));
        await store.close();
        await metricsListener?.close();
      })();
      return closing;
    },
  };
}
