import { createHash } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.js';
import { healthProbe } from '../ops/health-probe.js';
import { sharePresence, type Beat, type PresenceShare } from './shared-presence.js';
import { redisBudgets, type SharedBudgets } from './shared-limits.js';
import { shareSocketCounts, type SocketShare } from './shared-sockets.js';
import { watchStreamGaps } from './stream-gaps.js';

/** The Socket.IO adapter that joins this node to the others, and how to let go of Redis. */
export interface ClusterLink {
  /** For `new Server(…, { adapter })`. */
  adapter: ReturnType<typeof watchStreamGaps>;
  /** True while Redis cannot be reached: `/healthz` says so, and deliveries wait. */
  down(): boolean;
  /** Presence shared with the other nodes through this link's Redis (shared-presence.ts). */
  sharePresence(heartbeat: (beat: Beat) => void): PresenceShare;
  /** Open sockets per user counted across the nodes (shared-sockets.ts). */
  shareSockets(presence: PresenceShare, local: () => ReadonlyMap<number, number>): SocketShare;
  /** Rate-limit budgets counted across the nodes (shared-limits.ts). */
  budgets: SharedBudgets;
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
 * Redis is on the path of every delivery, this node's own included: the adapter writes a
 * broadcast to the stream and only then delivers it here. While Redis is down, deliveries wait
 * in the client's queue (acks still answer: the messages are stored), and go out when it
 * returns. The stream and the pub/sub channels are named by `serverId`, which every node of
 * one deployment shares, and by a digest of the JWT secret, which a copy restored from a backup
 * (same server id) does not share unless it takes the secret too: two deployments on one Redis
 * never hear each other. `onBack` hears each return of Redis after an outage, with when it began;
 * `onGap`, that this node fell more than `streamMaxLen` entries behind the stream and missed
 * some (stream-gaps.ts), with when.
 */
export function connectCluster(
  url: string,
  deployment: { serverId: string; secret: string | Buffer; streamMaxLen: number },
  logger: Logger,
  events: { onBack(downSince: number): void; onGap(since: number): void },
): ClusterLink {
  let closing = false;
  // Reconnects for as long as it takes (node-redis's default). The adapter makes two clients of
  // its own from this one, out of reach here; telling them to stop would reject promises the
  // adapter (0.3.1) never catches. So a node closed while Redis is unreachable leaves those
  // trying, and its process must exit by itself (the CLI does: docs/scale-out.md).
  const client = createClient({ url });
  let down = false;
  let downSince = 0;
  // Logged once per outage, not once per reconnect attempt.
  client.on('error', (error: Error) => {
    if (down || closing) return;
    down = true;
    downSince = Date.now();
    logger.error('cluster: Redis is unreachable; deliveries on every node wait for it', error);
  });
  client.on('ready', () => {
    if (!down) return;
    logger.info('cluster: Redis is back');
    down = false;
    events.onBack(downSince);
  });
  // Commands issued before the connection is up wait in the client's queue.
  client.connect().catch((error: unknown) => {
    if (!closing) logger.error('cluster: connecting to Redis', error);
  });
  const key = createHash('sha256').update('parley-cluster\0').update(deployment.secret);
  const name = `parley:${deployment.serverId}:${key.digest('hex').slice(0, 16)}`;
  // The adapter does not catch the promise of its pub/sub PUBLISH (0.3.1); one in flight when
  // the connection drops would reject unheard and end the process. Caught here: such an event
  // (a logout or profile change for other nodes) is lost, as pub/sub loses it anyway.
  const publish = client.publish.bind(client);
  Object.defineProperty(client, 'publish', {
    value: (...args: Parameters<typeof publish>) => {
      const sent = publish(...args);
      sent.catch(() => {});
      return sent;
    },
  });
  // Whether Redis answers: a connection can stay open while nothing comes back (a partition).
  const probe = healthProbe(() =>
    client.isReady ? client.ping() : Promise.reject(new Error('not connected')),
  );
  client.on('ready', () => probe.heard());
  // Whether a shared check may ask Redis now: never one that does not answer.
  const usable = () => client.isReady && probe.answering();
  return {
    // An adapter read blocks at most 2 s, so a closing node lets go of Redis soon after.
    adapter: watchStreamGaps(
      createAdapter(client, {
        streamName: name,
        channelPrefix: name,
        blockTimeInMs: 2_000,
        maxLen: deployment.streamMaxLen,
      }),
      (since) => {
        logger.warn('cluster: this node fell behind the Redis stream; its sockets catch up');
        events.onGap(since);
      },
    ),
    down: () => down || !client.isReady || !probe.answering(),
    sharePresence: (heartbeat) => sharePresence(client, name, heartbeat),
    shareSockets: (presence, local) => shareSocketCounts(client, name, presence, local, usable),
    budgets: redisBudgets(client, name, logger, usable),
    async close() {
      closing = true;
      probe.stop();
      if (!client.isOpen) return;
      // Lets the last writes out, but never waits for a Redis that is gone.
      const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      await Promise.race([client.close().catch(() => {}), gaveUp]);
      if (client.isOpen) client.destroy();
    },
  };
}
