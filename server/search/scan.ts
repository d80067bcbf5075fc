import type { Candidate } from './paging.js';

/** The first window of ids a scan reads; each next one is twice as wide. */
export const FIRST_WINDOW = 10_000;

/**
 * Reads the matches (candidates) with ids in `[lo, hi]`, newest first, at most `limit`.
 * A store implements it with its own index; the scan decides which windows to read.
 */
export type ReadWindow = (lo: number, hi: number, limit: number) => Candidate[];

export interface ScanResult {
  /** Newest first: every match with an id in `[lowest, hi]`, and no other. */
  candidates: Candidate[];
  /** The lowest id the scan covered. Later pages read `[lowest, hi]` again, whole. */
  lowest: number;
}

/**
 * Collects the newest `limit` matches with ids up to `hi`, reading windows of ids from the
 * newest down (each twice as wide as the one before), so that what it costs is bounded however
 * many rows a query would match or have to step over (a common word, a room with few of them,
 * a searcher in few rooms): it stops at `limit` matches, at `floor`, or, on a first page, once
 * `budgetMs` have passed, after the window under way. A later page passes the first page's
 * `lowest` as `floor` and reads the same windows, whole, so that its candidates are the first
 * page's.
 */
export function scanNewest(
  read: ReadWindow,
  range: { hi: number; floor?: number },
  limit: number,
  budgetMs: number,
  clock: () => number = () => performance.now(),
): ScanResult {
  const floor = Math.max(1, range.floor ?? 1);
  const timed = range.floor === undefined;
  const started = clock();
  const candidates: Candidate[] = [];
  let hi = range.hi;
  for (let width = FIRST_WINDOW; hi >= floor; width *= 2) {
    const lo = Math.max(floor, hi - width + 1);
    for (const row of read(lo, hi, limit - candidates.length)) candidates.push(row);
    const last = candidates[candidates.length - 1];
    // Full within this window: the matches from the last one up are exactly these.
    if (candidates.length >= limit && last) return { candidates, lowest: last.id };
    hi = lo - 1;
    if (timed && clock() - started > budgetMs) break;
  }
  return { candidates, lowest: hi + 1 };
}
