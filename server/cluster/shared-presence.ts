import { randomUUID } from 'node:crypto';
import type { createClient } from 'redis';
import type { UserRef } from '../protocol.js';
import { within as withinMs } from './redis-deadline.js';

/** How often a node says it is alive, and how long after its last word it counts as dead. */
const HEARTBEAT_MS = 3_000;
const ALIVE_TTL_MS = 10_000;
/** The longest a presence read or write waits for Redis (during an outage they would queue). */
const REDIS_DEADLINE_MS = 2_000;

type Redis = ReturnType<typeof createClient>;

/** Who is online across the nodes: each node's share in Redis, with expiring keys. */
export interface PresenceShare {
  /** Records who is online in `roomId` on this node (none: an empty list). */
  publish(roomId: number, local: UserRef[]): Promise<void>;
  /** Everyone online in `roomId` on every live node, this node's `local` first. */
  online(roomId: number, local: UserRef[]): Promise<UserRef[]>;
  /** Stops the heartbeat and takes this node's share out at once (a clean shutdown). */
  stop(): Promise<void>;
  /** This node's id in Redis. */
  readonly node: string;
  /** The other nodes alive at the last heartbeat. */
  others(): readonly string[];
}

/** `work`, or a failure after REDIS_DEADLINE_MS. */
const within = <T>(work: Promise<T>) => withinMs(work, REDIS_DEADLINE_MS);

/** What a heartbeat found. */
export interface Beat {
  /** A node joined or dropped out since the last heartbeat. */
  nodesChanged: boolean;
  /** This node's share is gone from Redis (a restart without AOF, a long outage): write it again. */
  lost: boolean;
}

/**
 * Presence in Redis, for nodes behind one balancer. Each node keeps a hash of its own online
 * users per room (`<prefix>:presence:<node>`) and a key that says it is alive, both expiring
 * `ALIVE_TTL_MS` after its last heartbeat: a node killed outright drops out by itself, with no
 * clock of any node involved (Redis expires the keys). `heartbeat` hears each beat that
 * answered: whether a node joined or dropped out (rooms are told again), and whether this
 * node's own share was lost (it is written again).
 */
export function sharePresence(
  client: Redis,
  prefix: string,
  heartbeat: (beat: Beat) => void,
): PresenceShare {
  const node = randomUUID();
  const nodesKey = `${prefix}:nodes`;
  const aliveKey = (id: string) => `${prefix}:alive:${id}`;
  const presenceKey = (id: string) => `${prefix}:presence:${id}`;
  let others: string[] = [];
  const ready = () => {
    // Never queue behind a reconnecting client: presence falls back to this node's own sockets.
    if (!client.isReady) throw new Error('Redis is not connected');
  };
  const beat = async (): Promise<Beat> => {
    ready();
    await client.set(aliveKey(node), '1', { PX: ALIVE_TTL_MS });
    await client.sAdd(nodesKey, node);
    // An empty share has no key either: "lost" only matters to a node with rooms (presence.ts).
    const lost = (await client.pExpire(presenceKey(node), ALIVE_TTL_MS)) === 0;
    const known = (await client.sMembers(nodesKey)).filter((id) => id !== node);
    const alive = await Promise.all(known.map((id) => client.exists(aliveKey(id))));
    const dead = known.filter((_, i) => alive[i] === 0);
    if (dead.length > 0) await client.sRem(nodesKey, dead);
    const now = known.filter((_, i) => alive[i] === 1).sort();
    const nodesChanged = now.join() !== others.join();
    others = now;
    return { nodesChanged, lost };
  };
  // One beat at a time: a slow one is not overtaken by a later one with a newer list. One that
  // fails (Redis down) is tried again on the next tick.
  let beating = false;
  const tick = () => {
    if (beating) return;
    beating = true;
    within(beat())
      .then(heartbeat)
      // A beat that failed, or a listener that threw: never an unhandled rejection.
      .catch(() => {})
      .finally(() => (beating = false));
  };
  tick();
  const timer = setInterval(tick, HEARTBEAT_MS);
  timer.unref();
  // The first tick runs before the client has connected, and fails: a node just started (or
  // back from an outage) learns the others as soon as Redis answers, not a beat later.
  client.on('ready', tick);
  return {
    node,
    others: () => others,
    async publish(roomId, local) {
      ready();
      const key = presenceKey(node);
      await within(
        local.length === 0
          ? client.hDel(key, String(roomId))
          : client
              .hSet(key, String(roomId), JSON.stringify(local))
              .then(() => client.pExpire(key, ALIVE_TTL_MS)),
      );
    },
    async online(roomId, local) {
      if (others.length === 0) return local;
      ready();
      const shares = await within(
        Promise.all(others.map((id) => client.hGet(presenceKey(id), String(roomId)))),
      );
      const users = new Map(local.map((user) => [user.id, user]));
      for (const share of shares) {
        if (typeof share !== 'string') continue;
        for (const user of parseShare(share)) if (!users.has(user.id)) users.set(user.id, user);
      }
      return [...users.values()];
    },
    async stop() {
      clearInterval(timer);
      client.off('ready', tick);
      // With Redis away there is nothing to wait for: the keys expire by themselves.
      if (!client.isReady) return;
      await within(
        Promise.all([client.del([aliveKey(node), presenceKey(node)]), client.sRem(nodesKey, node)]),
      ).catch(() => {});
    },
  };
}

/** The most users one node's share of a room may name, as read from Redis. */
const MAX_SHARE = 10_000;

/** Another node's share, checked: whoever can write to Redis must not reach clients unchecked. */
function parseShare(text: string): UserRef[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, MAX_SHARE)
    .filter(
      (user): user is UserRef =>
        typeof user === 'object' &&
        user !== null &&
        Number.isSafeInteger(user.id) &&
        user.id > 0 &&
        typeof user.username === 'string' &&
        user.username.length <= 64 &&
        typeof user.displayName === 'string' &&
        user.displayName.length <= 128,
    )
    .map((user) => ({ id: user.id, username: user.username, displayName: user.displayName }));
}
