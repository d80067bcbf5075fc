import type { Database, Statement } from 'better-sqlite3';
import { LINK_MATCH, ftsMatch } from '../../search/fts.js';
import { pageHits, rankBatch } from '../../search/batch.js';
import type { ParsedQuery } from '../../search/query.js';
import { prepareTerms } from '../../search/relevance.js';
import { scanNewest, type ScanRow } from '../../search/scan.js';
import {
  SEARCH_BATCH,
  SEARCH_LIMITS,
  type SearchLimits,
  type SearchStore,
} from '../search-store.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from './message-rows.js';
import { canMatch, searchFilters, type ResolvedFilters } from './search-filters.js';
import { scanSql, shapeKey, type SearchParams, type SearchShape } from './search-sql.js';

/** The scan's shape and parameters (but its range) for a query and its resolved filters. */
function plan(query: ParsedQuery, filters: ResolvedFilters, userId: number) {
  const { authors, rooms } = filters;
  const words = ftsMatch(query.terms);
  const match = words ?? (query.hasLink ? LINK_MATCH : undefined);
  const shape: SearchShape = {
    match: match !== undefined,
    authors: authors ? (authors.length === 1 ? 'one' : 'some') : false,
    rooms: rooms !== undefined,
    before: query.before !== undefined,
    after: query.after !== undefined,
    hasLink: query.hasLink,
    hasFile: query.hasFile,
  };
  const params: Omit<SearchParams, 'lo' | 'hi'> = {
    match,
    user: userId,
    author: authors?.length === 1 ? authors[0] : undefined,
    authors: authors && authors.length > 1 ? JSON.stringify(authors) : undefined,
    rooms: rooms && JSON.stringify(rooms),
    before: query.before,
    after: query.after,
  };
  return { shape, params };
}

/**
 * Search over the FTS5 index (search-index.ts). One call is synchronous from its first read to
 * its last, so that the candidates and the messages of its page are of one moment. `limits`
 * other than {@link SEARCH_LIMITS} are for tests (a budget no slow machine runs out of).
 */
export function sqliteSearch(db: Database, limits: SearchLimits = SEARCH_LIMITS): SearchStore {
  const resolve = searchFilters(db);
  const shapes = new Map<string, Statement<[SearchParams], ScanRow>>();
  const scan = (shape: SearchShape, params: SearchParams) => {
    const key = shapeKey(shape);
    let statement = shapes.get(key);
    if (!statement) shapes.set(key, (statement = db.prepare(scanSql(shape))));
    // better-sqlite3 wants exactly the named parameters the statement has.
    const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    return statement.iterate(bound as SearchParams);
  };
  const q = {
    newest: db.prepare<[], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM messages'),
    filesTable: db.prepare<[], { one: number }>(
      `SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'message_files'`,
    ),
    messages: db.prepare<[string], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.id IN (SELECT value FROM json_each(?))`,
    ),
  };

  return {
    async searchMessages({ userId, query, offset, limit, batch, now }) {
      const maxId = batch?.maxId ?? q.newest.get()?.id ?? 0;
      const floor = batch?.minId ?? 1;
      const filters = resolve(userId, query);
      const unknownFilters = filters.unknown;
      const none = { hits: [], total: 0, maxId, minId: 1, unknownFilters };
      const { shape, params } = plan(query, filters, userId);
      // A filter that names nothing matches nothing, and a query of nothing finds nothing;
      // without files (an older schema, or a store without them), has:file matches nothing.
      if (!canMatch(query, filters) || (query.hasFile && !q.filesTable.get())) return none;
      const rows = scan(shape, { ...params, lo: floor, hi: maxId });
      const later = batch?.minId !== undefined;
      const found = scanNewest(rows, {
        limit: SEARCH_BATCH,
        maxRows: limits.maxRows,
        budgetMs: later ? limits.laterBudgetMs : limits.budgetMs,
      });
      const short = found.lowest !== undefined && found.lowest > floor;
      // A later page ranks the batch its first page found, or nothing: part of it would rank
      // otherwise, and shift the pages (duplicates, gaps). Asked again, it reads it in time.
      if (later && short && found.stop === 'time')
        return { ...none, minId: floor, unfinished: true };
      const terms = prepareTerms(query.terms);
      const ranked = rankBatch(found.candidates, terms, now);
      const page = ranked.slice(offset, offset + limit);
      const loaded = new Map(
        q.messages.all(JSON.stringify(page)).map((row) => [row.id, toMessage(row)]),
      );
      const hits = pageHits(page, loaded, terms);
      // Stopped on candidates or rows (a later page does only after edits added matches to the
      // batch): the batch ends where the scan did, and the next one starts below it.
      const minId = short ? (found.lowest ?? floor) : floor;
      return { hits, total: ranked.length, maxId, minId, unknownFilters };
    },
  };
}
