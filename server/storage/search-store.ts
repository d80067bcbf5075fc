import type { SearchHit } from '../protocol.js';
import type { ParsedQuery } from '../search/query.js';

/** One page of a search, as the socket layer asks the store for it. */
export interface MessageSearch {
  /** The searcher: only rooms they are a member of now are searched. */
  userId: number;
  query: ParsedQuery;
  /** Ranked hits to skip (the pages before). */
  offset: number;
  limit: number;
  /**
   * Later pages: the first page's `maxId` and `minId`, so that they rank the same candidates
   * (new messages stay out) and read them whole, however long that takes.
   */
  range?: { maxId: number; minId: number };
  /** Recency is measured from this time (the first page's). */
  now: number;
}

export interface MessageSearchResult {
  hits: SearchHit[];
  /** Ranked hits follow this page. */
  more: boolean;
  /** The ids searched (`range` for the next pages). */
  maxId: number;
  minId: number;
  /**
   * The query's filters that name nothing the searcher can see, as they were written
   * (`from:@nobody`, `in:#elsewhere`). A filter naming nothing matches nothing.
   */
  unknownFilters: string[];
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
 * - bounded work whatever the query: the newest matches are collected window by window of
 *   ids (search/scan.ts), at most `SEARCH_CANDIDATES` of them, and a first page stops reading
 *   windows after `SEARCH_BUDGET_MS`; only those are ranked.
 */
export interface SearchStore {
  searchMessages(search: MessageSearch): Promise<MessageSearchResult>;
}

/** Matching messages ranked per query, at most: the newest ones, so a common word stays cheap. */
export const SEARCH_CANDIDATES = 2000;
/** How long a first page may spend collecting candidates (then it ranks what it has). */
export const SEARCH_BUDGET_MS = 25;
