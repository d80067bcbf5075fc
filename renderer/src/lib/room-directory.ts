import type {
  ClientToServerEvents,
  RoomListing,
  RoomsListRequest,
  RoomsPage,
} from '../../../server/protocol';
import type { AckedEvent, Answer, Unreachable } from './socket-request';

/** Emits an acknowledged event and resolves with its answer (ChatClient's `request`). */
export type Requester = <E extends AckedEvent>(
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
) => Promise<Answer<E> | Unreachable>;

/** The most rooms:list gives in one page. */
const ROOMS_PAGE = 100;
/** How long a background request keeps waiting out `rate_limited` answers before it fails. */
const PATIENCE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A requester that waits out `rate_limited` answers and tries again: for what a client loads on
 * its own after a connect, which must not fail merely because it asked for many rooms at once.
 * Its requests share one pause: when the server says "slow down" to one, all of them wait the
 * time it named, instead of each retrying into the same empty budget.
 */
export function patiently(request: Requester): Requester {
  let resumeAt = 0;
  return async (event, payload) => {
    const giveUpAt = Date.now() + PATIENCE_MS;
    for (;;) {
      if (resumeAt > Date.now()) await sleep(resumeAt - Date.now());
      const answer = await request(event, payload);
      if (answer.ok || answer.error.code !== 'rate_limited') return answer;
      const wait = ('retryAfterMs' in answer.error ? answer.error.retryAfterMs : undefined) ?? 1000;
      if (Date.now() + wait > giveUpAt) return answer;
      // At least a second: the budget refills meanwhile for every waiting request, not just one.
      resumeAt = Math.max(resumeAt, Date.now() + Math.min(Math.max(wait, 1000), 10_000));
    }
  };
}

/** Every room the user is in, page by page; undefined if a page could not be had. */
export async function loadJoinedRooms(request: Requester): Promise<RoomListing[] | undefined> {
  const rooms: RoomListing[] = [];
  for (let after: number | undefined; ;) {
    const page = await request('rooms:list', { joined: true, after, limit: ROOMS_PAGE });
    if (!page.ok) return undefined;
    rooms.push(...page.rooms);
    if (page.nextCursor === null) return rooms;
    after = page.nextCursor;
  }
}

/** One page of public rooms this user is not in, to browse; undefined without an answer. */
export async function browseRooms(
  request: Requester,
  { after, query }: Pick<RoomsListRequest, 'after' | 'query'>,
): Promise<RoomsPage | undefined> {
  const page = await request('rooms:list', { joined: false, after, query, limit: 50 });
  return page.ok ? { rooms: page.rooms, nextCursor: page.nextCursor } : undefined;
}

/** Runs `task` for every item, at most `width` at a time. */
export async function inPool<T>(items: T[], width: number, task: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
}
