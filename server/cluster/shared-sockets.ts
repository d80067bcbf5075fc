import type { createClient } from 'redis';
import { within as withinMs } from './redis-deadline.js';
import type { PresenceShare } from './shared-presence.js';

/** How often this node's counts are kept from expiring, and how long they outlive its last beat. */
const BEAT_MS = 3_000;
const TTL_MS = 10_000;
/** The longest a handshake waits for Redis: past it, the node's own cap stands alone. */
const REDIS_DEADLINE_MS = 500;
/** A count read from Redis is held to this: it only keeps the arithmetic sane. */
const MAX_COUNT = 1_000_000;
/** The field that marks a hash written whole (never a user id, which is a number). */
const WHOLE = 'whole';

type Redis = ReturnType<typeof createClient>;
const within = <T>(work: Promise<T>) => withinMs(work, REDIS_DEADLINE_MS);

/** Open sockets per user on every node, for the per-user cap (`socketsPerUser`). */
export interface SocketShare {
  /** How many sockets `userId` has on the other live nodes; 0 when Redis does not answer. */
  elsewhere(userId: number): Promise<number>;
  /** Which of `userIds` have sockets on the other live nodes; none when Redis does not answer. */
  onlineElsewhere(userIds: number[]): Promise<Set<number>>;
  /** This node's count of `userId` is now `count` (0: none). Written in the background. */
  changed(userId: number, count: number): void;
  /** Stops the beat and takes this node's counts out. */
  stop(): Promise<void>;
}

/**
 * Each node's counts in one Redis hash (`<prefix>:sockets:<node>`, user id to count), expiring
 * as its presence share does (shared-presence.ts): a node killed outright stops counting by
 * itself, and the live nodes are those the presence heartbeat found. A hash lost by Redis (a
 * restart without AOF, an eviction) or left stale by an outage is written again from `local` on
 * the next beat. `usable` says whether Redis answers (the adapter's health probe): while it does
 * not, nothing waits on it, and the node's own counts stand alone.
 */
export function shareSocketCounts(
  client: Redis,
  prefix: string,
  presence: PresenceShare,
  local: () => ReadonlyMap<number, number>,
  usable: () => boolean,
): SocketShare {
  const key = (node: string) => `${prefix}:sockets:${node}`;
  const own = key(presence.node);
  // Counts changed while Redis was away were not written: after each reconnect the hash is
  // written whole (a Redis restarted without AOF has none; one that kept it has stale counts).
  // Only a rewrite that began after the last reconnect clears the mark.
  let stale = true;
  let generation = 0;
  // Also when a count could not be written: a rewrite that began before it does not clear it.
  const markStale = () => {
    stale = true;
    generation++;
  };
  client.on('ready', markStale);
  // The field WHOLE is written only with the whole hash: a hash without it was lost and partly
  // written again by a single change, and is rewritten.
  const beat = async () => {
    if (!usable()) return;
    const began = generation;
    if (!stale) {
      const [kept, whole] = await client.multi().pExpire(own, TTL_MS).hExists(own, WHOLE).exec();
      if (Number(kept) === 1 && Number(whole) === 1) return;
    }
    const fields = Object.fromEntries([...local()].map(([id, n]) => [id, String(n)]));
    if (stopped) return; // stop() took the hash out: never written back
    await client
      .multi()
      .del(own)
      .hSet(own, { ...fields, [WHOLE]: '1' })
      .pExpire(own, TTL_MS)
      .exec();
    if (began === generation) stale = false;
  };
  let beating = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (beating) return; // one at a time, as presence's: until the beat ends, not its deadline
    beating = true;
    const running = beat();
    void within(running).catch(markStale);
    void running.catch(() => {}).finally(() => (beating = false));
  }, BEAT_MS);
  timer.unref();
  return {
    async elsewhere(userId) {
      const others = presence.others();
      // Never queue behind an unanswering Redis: the node's own cap holds meanwhile.
      if (others.length === 0 || !usable()) return 0;
      try {
        const counts = await within(
          Promise.all(others.map((node) => client.hGet(key(node), String(userId)))),
        );
        return counts.reduce((sum: number, text) => {
          const n = Number(text ?? 0);
          return sum + (Number.isSafeInteger(n) && n > 0 ? Math.min(n, MAX_COUNT) : 0);
        }, 0);
      } catch {
        return 0;
      }
    },
    async onlineElsewhere(userIds) {
      const online = new Set<number>();
      const others = presence.others();
      if (others.length === 0 || userIds.length === 0 || !usable()) return online;
      const fields = userIds.map(String);
      try {
        const counts = await within(
          Promise.all(others.map((node) => client.hmGet(key(node), fields))),
        );
        for (const row of counts)
          row.forEach((text, i) => {
            if (Number(text ?? 0) > 0) online.add(userIds[i]!);
          });
      } catch {
        // Redis away: this node's own sockets only (the caller's part).
      }
      return online;
    },
    changed(userId, count) {
      if (stopped) return;
      // Skipped while Redis does not answer: the first beat once it does writes the hash whole.
      if (!usable()) return markStale();
      const write: Promise<unknown> =
        count > 0
          ? client.multi().hSet(own, String(userId), String(count)).pExpire(own, TTL_MS).exec()
          : client.hDel(own, String(userId));
      void within(write).catch(markStale); // unwritten: the next beat writes all
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      client.off('ready', markStale);
      if (client.isReady) await within(client.del(own)).catch(() => {});
    },
  };
}
