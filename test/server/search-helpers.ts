import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SearchPage } from '../../server/protocol.js';
import { SEARCH_LIMITS, type SearchLimits } from '../../server/storage/search-store.js';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { request, startServer, tempDir, type Client } from './helpers.js';
import { people } from './message-helpers.js';

/**
 * Searches, and the events they are, with budgets no test but the rate limit's runs out of:
 * paging through thousands of matches is dozens of events in well under a second.
 */
export const roomy = {
  searchRate: { perSecond: 1000, burst: 1000 },
  eventRate: { perSecond: 1000, burst: 1000 },
};

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

/**
 * A server whose store searches within `limits` (the rest as a real server's; budgets of a
 * minute, unless given, so that no assertion depends on how fast the machine is just then).
 */
export async function serverWithLimits(limits: Partial<SearchLimits> = {}) {
  const dataDir = tempDir();
  const searchLimits = { ...SEARCH_LIMITS, budgetMs: 60_000, laterBudgetMs: 60_000, ...limits };
  const store = openSqliteStore(dataDir, { searchLimits });
  return startServer({ dataDir, store, scryptCost: 1024, ...roomy });
}

/** Client ids of messages written straight into the database, unique per test file. */
let inserted = 0;

/** Writes messages straight into a server's database, as a busy server would have them. */
export function insertMessages(
  dataDir: string,
  rows: ReadonlyArray<{ roomId: number; authorId: number; text: string; createdAt: number }>,
): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  const insert = db.prepare(
    `INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  db.transaction(() =>
    rows.forEach((r) => insert.run(r.roomId, r.authorId, r.text, `raw-${++inserted}`, r.createdAt)),
  )();
  db.close();
}

/** Every page of a search, following its cursors (at most `maxPages`). */
export async function allPages(
  socket: Client,
  query: string,
  limit: number,
  maxPages = 100,
): Promise<SearchPage[]> {
  const pages: SearchPage[] = [];
  let cursor: string | null | undefined;
  do {
    pages.push(await search(socket, query, { limit, ...(cursor ? { cursor } : {}) }));
    cursor = pages.at(-1)?.nextCursor;
  } while (cursor && pages.length < maxPages);
  return pages;
}
