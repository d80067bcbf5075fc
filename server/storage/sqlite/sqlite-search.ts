import type { Database, Statement } from 'better-sqlite3';
import type { SearchHit } from '../../protocol.js';
import { LINK_MATCH, ftsMatch, highlightRanges, markers } from '../../search/fts.js';
import { rank, type Candidate } from '../../search/paging.js';
import { scanNewest } from '../../search/scan.js';
import { SEARCH_BUDGET_MS, SEARCH_CANDIDATES, type SearchStore } from '../search-store.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from './message-rows.js';
import { searchFilters } from './search-filters.js';
import { candidateSql, shapeKey, type SearchParams, type SearchShape } from './search-sql.js';

/**
 * Search over the FTS5 index (search-index.ts). One call is synchronous from its first read to
 * its last, so that the candidates, the messages and their highlights are of one moment.
 */
export function sqliteSearch(db: Database): SearchStore {
  const resolve = searchFilters(db);
  const shapes = new Map<string, Statement<[SearchParams], Candidate>>();
  const candidates = (shape: SearchShape, params: SearchParams) => {
    const key = shapeKey(shape);
    let statement = shapes.get(key);
    if (!statement) shapes.set(key, (statement = db.prepare(candidateSql(shape))));
    // better-sqlite3 wants exactly the named parameters the statement has.
    const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    return statement.all(bound as SearchParams);
  };
  const q = {
    newest: db.prepare<[], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM messages'),
    filesTable: db.prepare<[], { one: number }>(
      `SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'message_files'`,
    ),
    messages: db.prepare<[string], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.id IN (SELECT value FROM json_each(?))`,
    ),
    marked: db.prepare<[string, string, string, string], { id: number; marked: string }>(
      `SELECT rowid AS id, highlight(message_index, 0, ?, ?) AS marked FROM message_index
       WHERE message_index MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
    ),
  };

  /** The page's messages in rank order, each with the ranges its words matched. */
  const hits = (ids: number[], match: string | undefined): SearchHit[] => {
    const json = JSON.stringify(ids);
    const byId = new Map(q.messages.all(json).map((row) => [row.id, toMessage(row)]));
    const found = ids.flatMap((id) => byId.get(id) ?? []);
    const ranges = new Map<number, Array<[number, number]>>();
    if (match && found.length > 0) {
      const [open, close] = markers(found.map((m) => m.text));
      for (const row of q.marked.all(open, close, match, json))
        ranges.set(row.id, highlightRanges(row.marked, open, close));
    }
    return found.map((message) => ({ message, highlights: ranges.get(message.id) ?? [] }));
  };

  return {
    async searchMessages({ userId, query, offset, limit, range, now }) {
      const maxId = range?.maxId ?? q.newest.get()?.id ?? 0;
      const { authors, rooms, unknown } = resolve(userId, query);
      const none = { hits: [], more: false, maxId, minId: 1, unknownFilters: unknown };
      const words = ftsMatch(query.terms);
      // A filter that names nothing matches nothing, and a query of nothing finds nothing.
      if (authors?.length === 0 || rooms?.length === 0) return none;
      const filtered = authors || rooms || query.before || query.after;
      if (!words && !filtered && !query.hasFile && !query.hasLink) return none;
      // Without files (an older schema, or a store without them), has:file matches nothing.
      if (query.hasFile && !q.filesTable.get()) return none;
      const match = words ?? (query.hasLink ? LINK_MATCH : undefined);
      const shape: SearchShape = {
        match: match !== undefined,
        relevance: words !== undefined,
        authors: authors ? (authors.length === 1 ? 'one' : 'some') : false,
        rooms: rooms !== undefined,
        before: query.before !== undefined,
        after: query.after !== undefined,
        hasLink: query.hasLink,
        hasFile: query.hasFile,
      };
      const params = {
        match,
        user: userId,
        author: authors?.length === 1 ? authors[0] : undefined,
        authors: authors && authors.length > 1 ? JSON.stringify(authors) : undefined,
        rooms: rooms && JSON.stringify(rooms),
        before: query.before,
        after: query.after,
      };
      const read = (lo: number, hi: number, take: number) =>
        candidates(shape, { ...params, lo, hi, limit: take });
      const bounds = { hi: maxId, floor: range?.minId };
      const scan = scanNewest(read, bounds, SEARCH_CANDIDATES, SEARCH_BUDGET_MS);
      const ranked = rank(scan.candidates, now);
      const page = ranked.slice(offset, offset + limit);
      return {
        hits: hits(page, words),
        more: ranked.length > offset + limit,
        maxId,
        minId: scan.lowest,
        unknownFilters: unknown,
      };
    },
  };
}
