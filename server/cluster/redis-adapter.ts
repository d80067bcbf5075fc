import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.js';

/** The Socket.IO adapter that joins this node to the others, and how to let go of Redis. */
export interface ClusterLink {
  /** For `new Server(…, { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Disconnects from Redis; after `io.close()`, which stops the adapter's reads. */
  close(): Promise<void>;
}

/**
 * Connects to Redis at `url` and makes the Redis Streams adapter: every broadcast, room join
 * and disconnect a node makes reaches the sockets of every node, in order, and a short Redis
 * outage loses none of them (the adapter resumes the stream where it stopped). The adapter is
 * not storage: messages are in the database before they are broadcast, and clients catch up
 * from it after any gap.
 *
 * Errors are logged once per outage, not once per reconnect attempt; the client reconnects by
 * itself (node-redis's default strategy) and the adapter resumes.
 */
export function connectCluster(url: string, logger: Logger): ClusterLink {
  const client = createClient({ url });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error('cluster: Redis is unreachable; events between nodes wait for it', error);
  });
  client.on('ready', () => {
    if (down) logger.info('cluster: Redis is back');
    down = false;
  });
  // Commands issued before the connection is up wait in the client's queue.
  client.connect().catch((error: unknown) => logger.error('cluster: connecting to Redis', error));
  return {
    // The stream is Parley's own; an adapter read blocks at most 2 s, so a closing node lets go
    // of Redis soon after.
    adapter: createAdapter(client, { streamName: 'parley', blockTimeInMs: 2_000 }),
    async close() {
      if (!client.isOpen) return;
      // Lets the last writes out, but never waits for a Redis that is gone.
      const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      await Promise.race([client.close().catch(() => {}), gaveUp]);
      if (client.isOpen) client.destroy();
    },
  };
}
