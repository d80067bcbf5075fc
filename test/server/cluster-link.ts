import { randomUUID } from 'node:crypto';
import type { ChatServerOptions } from '../../server/options.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { sleep, startServer, tempDir, untyped, type Client, type TestServer } from './helpers.js';

/**
 * Two nodes of one cluster in this process: one shared store (as PostgreSQL would be), one JWT
 * secret, and Redis at `redisUrl` between them (or one URL per node: the same Redis through a
 * relay). Each node keeps its own sockets, rooms, batches and limits, as separate processes would.
 */
export async function twoNodes(
  redisUrl: string | string[],
  options: Partial<ChatServerOptions> = {},
): Promise<[TestServer, TestServer]> {
  const [a, b] = await someNodes(redisUrl, options, 2);
  return [a!, b!];
}

/** `count` nodes of one cluster, as {@link twoNodes} makes two. */
export async function someNodes(
  redisUrl: string | string[],
  options: Partial<ChatServerOptions>,
  count: number,
): Promise<TestServer[]> {
  const dataDir = tempDir();
  const store = openSqliteStore(dataDir);
  const jwtSecret = randomUUID() + randomUUID();
  const shared = { ...options, dataDir, store, jwtSecret };
  const nodes: TestServer[] = [];
  for (let i = 0; i < count; i++) {
    const redis = typeof redisUrl === 'string' ? redisUrl : redisUrl[i];
    nodes.push(await startServer({ ...shared, redis }));
  }
  return nodes;
}

/**
 * Resolves once node `from`'s broadcasts reach `socket` (on another node): the adapters' link
 * is up. Until then a broadcast or a revocation may be missed (the adapter reads the stream from
 * where it started), which a test must not mistake for a failure of its own subject.
 */
export async function linked(from: TestServer, socket: Client): Promise<void> {
  const seen = new Promise<void>((resolve) => untyped(socket).once('cluster:probe', resolve));
  let done = false;
  void seen.then(() => (done = true));
  const io = from.server.io as unknown as { emit(event: string): void };
  for (let i = 0; i < 100 && !done; i++) {
    io.emit('cluster:probe');
    await sleep(50);
  }
  await seen;
}
