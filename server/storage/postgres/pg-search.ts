import type pg from 'pg';
import type { Message } from '../../protocol.js';
import { pageHits, rankBatch, type FoundRow } from '../../search/batch.js';
import { prepareTerms } from '../../search/relevance.js';
import type { MessageRow } from '../sqlite/message-rows.js';
import { canMatch } from '../sqlite/search-filters.js';
import { SEARCH_BATCH, type SearchStore } from '../search-store.js';
import { MESSAGE_SELECT, toMessages } from './pg-message-rows.js';
import { inTransaction, one } from './pg-pool.js';
import { pgSearchFilters } from './pg-search-filters.js';
import { LINK_QUERY, PREPARE_SQL, scanSql, type ScanPlan } from './pg-search-sql.js';

/**
 * How long a scan may run, in ms, as its statement timeout: PostgreSQL answers in one
 * statement, so this is its bound where SQLite's is a time budget and a count of rows read
 * (SEARCH_LIMITS). A later page of a batch gets twice the first page's time, as in SQLite, so
 * that only a database far busier than a moment before runs out.
 */
export interface PgSearchLimits {
  timeoutMs: number;
  laterTimeoutMs: number;
}

/** Generous beside SQLite's 25 ms: the work is the database's, not the node's event loop. */
export const PG_SEARCH_LIMITS: Readonly<PgSearchLimits> = { timeoutMs: 1000, laterTimeoutMs: 2000 };

/** A statement cancelled by its timeout. */
const timedOut = (error: unknown) => (error as { code?: string }).code === '57014';

/** Reads one scan with its own statement timeout (a transaction's, so it ends with it). */
async function scan(pool: pg.Pool, plan: ScanPlan, timeoutMs: number): Promise<FoundRow[]> {
  const { text, values } = scanSql(plan);
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [
      String(Math.max(1, Math.round(timeoutMs))),
    ]);
    return (await client.query<FoundRow>(text, values)).rows;
  });
}

/**
 * SearchStore on PostgreSQL's full-text search (pg-schema-search.ts), with the paging of
 * SQLite's (search-store.ts): batches of at most SEARCH_BATCH matches, newest first, ranked
 * together by search/batch.ts. What differs: one statement finds the batch (no partial batch on
 * a timeout: a first page gives an empty batch above its range, so that the next page asks for
 * it again; a later page is `unfinished`), and words are split and folded by `search_text` and
 * the `simple` config, not by FTS5 (see pg-schema-search.ts).
 */
export function pgSearch(pool: pg.Pool, limits: PgSearchLimits = PG_SEARCH_LIMITS): SearchStore {
  return {
    async searchMessages({ userId, query, offset, limit, batch, now }) {
      const filters = await pgSearchFilters(pool, userId, query);
      const { terms } = query;
      const prepared = await one<{ newest: number; query: string | null }>(pool, PREPARE_SQL, [
        terms.map((term) => term.text),
        terms.map((term) => term.prefix),
      ]);
      const maxId = batch?.maxId ?? prepared?.newest ?? 0;
      const floor = batch?.minId ?? 1;
      const unknownFilters = filters.unknown;
      const none = { hits: [], total: 0, maxId, minId: 1, unknownFilters };
      const match = terms.length > 0 ? prepared?.query : query.hasLink ? LINK_QUERY : undefined;
      // A term of no word PostgreSQL indexes matches nothing, and so does the whole query.
      if (!canMatch(query, filters) || match === null) return none;
      const later = batch?.minId !== undefined;
      const plan = {
        lo: floor,
        hi: maxId,
        user: userId,
        match,
        query,
        filters,
        limit: SEARCH_BATCH,
      };
      let found: FoundRow[];
      try {
        found = await scan(pool, plan, later ? limits.laterTimeoutMs : limits.timeoutMs);
      } catch (error) {
        if (!timedOut(error)) throw error;
        // Nothing read. A later page is asked again at its position; a first page's batch is
        // empty and ends above maxId, so that the next page (its cursor) starts at maxId again.
        return later ? { ...none, minId: floor, unfinished: true } : { ...none, minId: maxId + 1 };
      }
      const lowest = found.length >= SEARCH_BATCH ? found.at(-1)?.id : undefined;
      const prepTerms = prepareTerms(terms);
      const ranked = rankBatch(found, prepTerms, now);
      const page = ranked.slice(offset, offset + limit);
      // Another statement: a message deleted since the scan is left out of the page here.
      const rows = await pool.query<MessageRow>(
        `${MESSAGE_SELECT} WHERE m.id = ANY($1::bigint[]) AND m.deleted_at IS NULL`,
        [page],
      );
      const loaded = new Map<number, Message>(toMessages(rows.rows).map((m) => [m.id, m]));
      const hits = pageHits(page, loaded, prepTerms);
      // Stopped on candidates: the batch ends there, and the next one starts below it.
      const minId = lowest !== undefined && lowest > floor ? lowest : floor;
      return { hits, total: ranked.length, maxId, minId, unknownFilters };
    },
  };
}
