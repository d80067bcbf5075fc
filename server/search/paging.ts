/**
 * Ranking and paging of search results, pure and store-independent: a store finds a bounded set
 * of candidates with a relevance each, and these order and page them.
 */

/** A message that matched, before ranking. */
export interface Candidate {
  id: number;
  createdAt: number;
  /** Higher is better; 0 for all when the query had no words (recency alone then). */
  relevance: number;
}

/** Recency halves over this: a month-old match weighs half a new one's recency. */
const HALF_LIFE_MS = 30 * 86_400_000;
/** Shares of the score: relevance (scaled to the best candidate) and recency. */
const RELEVANCE_WEIGHT = 0.7;
const RECENCY_WEIGHT = 0.3;

/**
 * Candidates best first: 70 % relevance (relative to the best candidate, so the scale of the
 * store's measure does not matter) and 30 % recency (1 now, ½ a month ago, ¼ two months ago…);
 * ties go to the newer message. `now` is fixed for a query's pages, so that they agree.
 */
export function rank(candidates: readonly Candidate[], now: number): number[] {
  const best = Math.max(0, ...candidates.map((c) => c.relevance));
  const score = (c: Candidate) =>
    (best > 0 ? (RELEVANCE_WEIGHT * c.relevance) / best : 0) +
    RECENCY_WEIGHT * 0.5 ** (Math.max(0, now - c.createdAt) / HALF_LIFE_MS);
  return candidates
    .map((c) => ({ id: c.id, score: score(c) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .map((c) => c.id);
}

/**
 * Where the next page of one query starts: in a batch of matches ranked together (see
 * SearchStore), the ones with ids in `[minId, maxId]`.
 */
export interface SearchCursor {
  /** Hits of the batch already sent. */
  offset: number;
  /** The batch's newest id (the first page's newest message: later messages stay out). */
  maxId: number;
  /** The batch's oldest id; 0 for a batch not read yet (the store finds where it ends). */
  minId: number;
  /** The first page's time: recency is measured from it on every page. */
  now: number;
}

/**
 * The page after one that showed `shown` hits from `offset` of a batch (`total` candidates,
 * ids `[minId, maxId]`): the rest of the batch, else the next older batch, else none.
 */
export function nextPosition(
  at: { offset: number; now: number },
  shown: number,
  batch: { total: number; maxId: number; minId: number },
): SearchCursor | undefined {
  const { offset, now } = at;
  if (offset + shown < batch.total)
    return { offset: offset + shown, maxId: batch.maxId, minId: batch.minId, now };
  if (batch.minId > 1) return { offset: 0, maxId: batch.minId - 1, minId: 0, now };
  return undefined;
}
