import { buildChatServer, type ChatServer, type ClusterModule } from './create-chat-server.js';
import { quietConsoleLogger } from './logger.js';
import { resolveOptions, type ChatServerOptions } from './options.js';

/**
 * Like {@link createChatServer}, and also opens the PostgreSQL store that the `database` option
 * names, which takes round trips (migrations, the server id), and loads the Redis client that
 * the `redis` option needs: createChatServer stays synchronous, takes a ready `store`, and
 * never loads the cluster's modules. Options are checked before anything is opened; the store
 * is closed with the server, or at once if the server cannot be made.
 */
export async function openChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const { database, ...rest } = options;
  // Every option checked first, `database` and `store` together included.
  const resolved = resolveOptions(options, quietConsoleLogger);
  // Loaded only here and only for a cluster node: a single node never parses the Redis client.
  const cluster: ClusterModule | undefined =
    resolved.redis === undefined ? undefined : await import('./cluster/redis-adapter.js');
  if (database === undefined) return buildChatServer(rest, cluster);
  if (resolved.store !== undefined)
    throw new TypeError('openChatServer: give the option "database" or "store", not both');
  const { logger } = resolved;
  // Loaded only here: a server on SQLite never loads the PostgreSQL driver.
  const { openPostgresStore } = await import('./storage/postgres/pg-store.js');
  const { isTimeLimit } = await import('./storage/postgres/pg-availability.js');
  // One line per kind of failure every 10 s at most: an outage fails every call at once.
  const lastSaid = new Map<string, number>();
  const store = await openPostgresStore(database, {
    onConnectionError: (error) => logger.warn('database: a connection failed', error),
    onUnavailable: (method, cause) => {
      const kind = String((cause as { code?: unknown }).code ?? cause.message);
      if (Date.now() - (lastSaid.get(kind) ?? -Infinity) < 10_000) return;
      lastSaid.set(kind, Date.now());
      // A time limit hit while the database answers points at a slow query or a held lock.
      if (isTimeLimit(cause)) logger.error(`database: ${method} hit a time limit`, cause);
      else logger.warn(`database: ${method} could not reach it`, cause);
    },
  });
  try {
    return buildChatServer({ ...rest, store }, cluster);
  } catch (error) {
    await store.close();
    throw error;
  }
}
