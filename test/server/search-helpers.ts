import type { SearchPage } from '../../server/protocol.js';
import { request, type Client } from './helpers.js';
import { people } from './message-helpers.js';

/** Searches, with a budget no test but the rate limit's runs out of. */
export const roomy = { searchRate: { perSecond: 1000, burst: 1000 } };

/** The page of a search that must succeed. */
export async function search(
  socket: Client,
  query: string,
  extra: Record<string, unknown> = {},
): Promise<SearchPage> {
  const ack = await request(socket, 'search', { query, ...extra });
  if (!ack.ok)
    throw new Error(`search ${JSON.stringify(query)} refused: ${JSON.stringify(ack.error)}`);
  const { hits, nextCursor, unknownFilters } = ack as SearchPage;
  return { hits, nextCursor, unknownFilters };
}

/** The texts a search finds, best first. */
export const texts = async (socket: Client, query: string): Promise<string[]> =>
  (await search(socket, query)).hits.map((hit) => hit.message.text);

/** People on a server whose search budget is out of the way. */
export const searchers = <const Names extends readonly string[]>(names: Names) =>
  people(names, roomy);

/** Creates a room and returns its id. */
export async function createRoom(
  socket: Client,
  name: string,
  kind: 'public' | 'private' = 'public',
): Promise<number> {
  const ack = await request(socket, 'room:create', { name, kind });
  if (!ack.ok) throw new Error(`room:create refused: ${JSON.stringify(ack.error)}`);
  return ack.room.id as number;
}
