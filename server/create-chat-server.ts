import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Server } from 'socket.io';
import { Accounts } from './auth/accounts.js';
import { loadOrCreateSecret } from './auth/secret.js';
import { TokenSigner } from './auth/tokens.js';
import { apiRoutes, serverInfo } from './http/api-routes.js';
import { createHttpApp } from './http/http-app.js';
import { quietConsoleLogger } from './logger.js';
import { resolveOptions, type ChatServerOptions, type ResolvedOptions } from './options.js';
import { OriginPolicy, originGuard } from './http/origin-policy.js';
import { benchmarkIdentity, handshakeAuth, handshakeOrigin } from './socket/handshake.js';
import { dropFrozenClients } from './socket/slow-clients.js';
import {
  createLimiters,
  handleConnection,
  loadMemberRooms,
  watchPresence,
} from './socket/connection.js';
import { LiveSockets } from './socket/live-sockets.js';
import { Presence } from './socket/presence.js';
import type { ChatIo, ServerContext } from './socket/types.js';
import { certificateFingerprint } from './tls/fingerprint.js';
import { openSqliteStore } from './storage/sqlite/sqlite-store.js';

const SWEEP_MS = 60_000;

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
  /** Starts listening; port 0 picks a free port. Resolves with the bound address. */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Disconnects every socket, stops the HTTP server and closes the database. */
  close(): Promise<void>;
}

/**
 * Creates a Parley server: Express for the JSON API and web client, Socket.IO for chat, and
 * storage (SQLite in `dataDir` unless `options.store` is given). Every option is checked here;
 * a bad one throws before anything is opened. Servers share no state with each other.
 */
export function createChatServer(options: ChatServerOptions): ChatServer {
  const resolved = resolveOptions(options, quietConsoleLogger);
  const { logger } = resolved;
  mkdirSync(resolved.dataDir, { recursive: true, mode: 0o700 });
  // The secret first: if its file is unsafe, nothing has been opened yet to leak.
  const secret = resolved.jwtSecret ?? loadOrCreateSecret(resolved.dataDir);
  const store = resolved.store ?? openSqliteStore(resolved.dataDir);
  const signer = new TokenSigner(secret, store.serverId, resolved.accessTokenTtlSec);

  // Express must be the server's request listener before Socket.IO attaches: engine.io then
  // takes /socket.io/ requests and hands every other request to Express, never both.
  const app = express();
  const tls = resolved.tls;
  const httpServer: HttpServer = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, app)
    : createServer(app);
  const originPolicy = new OriginPolicy(resolved.trustedOrigins, resolved.allowedHosts);
  const io: ChatIo = new Server(httpServer, {
    maxHttpBufferSize: resolved.maxFrameBytes,
    serveClient: false,
    // No connection-state recovery: every reconnect passes the token check again, and clients
    // catch up with `message:history { after }` instead.
  });
  const live = new LiveSockets(io, resolved.expiringNoticeSec * 1000);
  const presence = new Presence(io);
  const accounts = new Accounts(store, signer, resolved, live);
  const limiters = createLimiters(resolved);
  const info = async () =>
    serverInfo(
      resolved.name,
      store.serverId,
      resolved.registration,
      (await store.countUsers()) === 0,
    );
  createHttpApp(
    app,
    apiRoutes(accounts, info),
    originGuard(originPolicy),
    resolved.webRoot,
    logger,
  );
  io.use(handshakeOrigin(originPolicy));
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

  if (resolved.unsafeSkipAuthForBenchmarks) {
    logger.warn('parley: token checks are OFF (unsafeSkipAuthForBenchmarks); for benchmarks only');
    io.use(benchmarkIdentity(store));
  } else {
    io.use(handshakeAuth(accounts, resolved.allowQueryToken));
  }
  io.use(loadMemberRooms(store));
  const context: ServerContext = {
    io,
    store,
    accounts,
    live,
    presence,
    options: resolved,
    logger,
    limiters,
  };
  watchPresence(context);
  live.start();
  io.on('connection', (socket) => handleConnection(socket, context));

  const stopSlowClientSweep = dropFrozenClients(io, resolved.slowClientLimit);
  const sweeper = setInterval(() => {
    accounts.sweep();
    limiters.messages.sweep();
    limiters.events.sweep();
  }, SWEEP_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    app,
    io,
    httpServer,
    serverId: store.serverId,
    fingerprint: tls && certificateFingerprint(tls.cert),
    options: resolved,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        stopSlowClientSweep();
        presence.stop();
        live.stop();
        await new Promise<void>((resolve) => {
          // io.close() closes every transport without a DISCONNECT packet, so clients see a
          // dropped connection and reconnect by themselves once the server is back. It also
          // closes the HTTP server; one that never listened reports an error, which is fine.
          void io.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await store.close();
      })();
      return closing;
    },
  };
}
