/** One side of a fan-out measurement, set up: the fan-out scenario's and the steady tool's. */
import { startPair, stopPair, type Pair } from './context.js';

/** Members in rooms: `rooms` 0 is one room of every member. */
export interface Topology {
  name: string;
  members: number;
  rooms: number;
  perRoom: number;
}

/** A server and its load agent with the topology's users connected and in their rooms. */
export interface FanoutSide {
  pair: Pair;
  roomIds: number[];
  /** Sockets that send in each step: one per room (10 in the one-room layout). */
  senders: number;
}

/**
 * Starts `kind`'s pair and connects the topology's members. `batch`: Parley's sockets announce
 * coalesced `messages` batches. `profile`: a directory for a V8 CPU profile of the server alone.
 * On any failure the pair is stopped before the error is thrown: a leaked server pinned to the
 * bench's CPU would skew every later measurement.
 */
export async function setUpFanout(
  kind: 'parley' | 'reference',
  topology: Topology,
  options: { batch?: boolean; profile?: string } = {},
): Promise<FanoutSide> {
  if (topology.rooms > 0 && topology.members % topology.rooms !== 0)
    throw new Error(
      `fan-out: ${topology.members} members do not split into ${topology.rooms} rooms`,
    );
  const pair = await startPair(kind, [], { profileServer: options.profile });
  try {
    const made = await pair.server.call<{ auths: object[]; roomIds: number[] }>('users', {
      count: topology.members,
      rooms: topology.rooms,
      perRoom: topology.perRoom,
    });
    const auths = options.batch ? made.auths.map((auth) => ({ ...auth, batch: true })) : made.auths;
    await pair.load.call('connect', { url: pair.url, auths });
    await pair.load.call('assignRooms', { perRoom: topology.perRoom });
    return { pair, roomIds: made.roomIds, senders: topology.rooms > 0 ? topology.rooms : 10 };
  } catch (error) {
    await stopPair(pair);
    throw error;
  }
}
