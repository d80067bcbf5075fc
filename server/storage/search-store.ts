import type { SearchHit } from '../protocol.js';
import type { ParsedQuery } from '../search/query.js';

/**
 * One page of a search, as the socket layer asks the store for it. Matches are ranked in
 * batches, newest first: the newest `SEARCH_BATCH` matches are ranked together and paged
 * through, then the next older ones, and so on, so that every page costs about the same however
 * far back the search goes.
 */
export interface MessageSearch {
  /** The searcher: only rooms they are a member of now are searched. */
  userId: number;
  query: ParsedQuery;
  /** Ranked hits of the batch to skip (its pages before). */
  offset: number;
  limit: number;
  /**
   * The batch: matches with ids up to `maxId`, down to `minId` once a page of it has told where
   * it ends (then it is read whole, so that its pages rank the same candidates: the rows its
   * first page read in its time, with twice that time). Absent: the newest batch (new messages
   * stay out of later pages: they pass `maxId` on). Only ever from a cursor the server signed.
   */
  batch?: { maxId: number; minId?: number };
  /** Recency is measured from this time (the first page's). */
  now: number;
}

export interface MessageSearchResult {
  hits: SearchHit[];
  /** Candidates in the batch, ranked together. */
  total: number;
  /** The batch is the matches with ids in `[minId, maxId]`; older batches follow if minId > 1. */
  maxId: number;
  minId: number;
  /**
   * The query's filters that name nothing the searcher can see, as they were written
   * (`from:@nobody`, `in:#elsewhere`). A filter naming nothing matches nothing.
   */
  unknownFilters: string[];
  /**
   * A later page of a batch could not read the batch in its time (a loaded server): no hits,
   * and the same position is to be asked for again.
   */
  unfinished?: boolean;
}

/**
 * Full-text search over messages, behind the store so that each store uses its own engine
 * (SQLite FTS5 here; PostgreSQL's text search later). The query arrives parsed (search/query.ts)
 * and results are ranked with search/paging.ts's `rank`, so every store answers alike.
 *
 * What an implementation must guarantee:
 * - only messages of rooms the user is a member of now (all their history, from before the
 *   user joined too, thread replies included), never of any other room or conversation;
 * - never a deleted message, and an edited one by its current text only;
 * - bounded work whatever the query, and whatever the cursor: a batch is collected newest first
 *   (search/scan.ts), at most `SEARCH_BATCH` candidates from at most `maxRows` rows, and a
 *   page stops reading after `budgetMs` (the batch's first page) or `laterBudgetMs` (the
 *   others; see {@link SearchLimits}). A stop on candidates or rows ends the batch there (the
 *   next batch starts below it), so every match stays reachable.
 */
export interface SearchStore {
  searchMessages(search: MessageSearch): Promise<MessageSearchResult>;
}

/** Matches ranked together, at most: so a common word costs what a rare one does. */
export const SEARCH_BATCH = 1000;
/** How long a batch's first page may spend collecting candidates (then it ranks what it has). */
export const SEARCH_BUDGET_MS = 25;

/** A search's bounds (see SearchStore); a store takes others only from tests. */
export interface SearchLimits {
  /** A batch's first page reads for this long at most. */
  budgetMs: number;
  /**
   * A later page reads the rows its first page read, for this long at most: twice the first
   * page's time, so that only a server far busier than a moment before runs out (then the page
   * is `unfinished`).
   */
  laterBudgetMs: number;
  /** Rows any page reads at most, candidates or not (those of rooms the searcher is not in). */
  maxRows: number;
}

export const SEARCH_LIMITS: Readonly<SearchLimits> = {
  budgetMs: SEARCH_BUDGET_MS,
  laterBudgetMs: 2 * SEARCH_BUDGET_MS,
  maxRows: 20_000,
};
