/** A row of a store's scan: a message its index matched, newest first. */
export interface ScanRow {
  id: number;
  createdAt: number;
  /** The message's text; null when the searcher's rooms or the filters leave it out. */
  text: string | null;
}

/** Why a scan stopped before the end of its rows. */
export type ScanStop = 'candidates' | 'rows' | 'time';

export interface ScanResult {
  /** Newest first: every row with a text whose id is in `[lowest, top]`, and no other. */
  candidates: Array<ScanRow & { text: string }>;
  /**
   * The lowest id the scan covered, when it stopped before the end of its rows; undefined when
   * it read them all. Later pages read down to it; the next batch starts below it.
   */
  lowest?: number;
  /** What stopped it (with `lowest`). */
  stop?: ScanStop;
}

/** How much one scan may do. */
export interface ScanLimits {
  /** Candidates to collect at most. */
  limit: number;
  /** Rows to read at most, candidates or not: what the time budget cannot bound alone. */
  maxRows: number;
  /** Milliseconds to read for at most (looked at every {@link CLOCK_EVERY} rows); none: untimed. */
  budgetMs?: number;
  clock?: () => number;
}

/** Rows between two looks at the clock. */
const CLOCK_EVERY = 256;

/**
 * Takes the newest `limit` candidates from rows that come newest first, lazily (a statement's
 * iterator), so that the cost is bounded however many rows a query matches or steps over (a
 * common word, a room with few of them, a searcher in few rooms): it stops at `limit`
 * candidates, at `maxRows` rows read, or once `budgetMs` have passed. Rows the filters leave out
 * still come through (with a null text), so that they count and the clock is looked at however
 * few of them are candidates. Leaving the loop early closes the iterator.
 */
export function scanNewest(rows: Iterable<ScanRow>, limits: ScanLimits): ScanResult {
  const { limit, maxRows, budgetMs, clock = () => performance.now() } = limits;
  const started = budgetMs === undefined ? 0 : clock();
  const candidates: ScanResult['candidates'] = [];
  let seen = 0;
  for (const row of rows) {
    seen++;
    if (row.text !== null) candidates.push({ ...row, text: row.text });
    if (candidates.length >= limit) return { candidates, lowest: row.id, stop: 'candidates' };
    if (seen >= maxRows) return { candidates, lowest: row.id, stop: 'rows' };
    if (budgetMs !== undefined && seen % CLOCK_EVERY === 0 && clock() - started > budgetMs)
      return { candidates, lowest: row.id, stop: 'time' };
  }
  return { candidates };
}
