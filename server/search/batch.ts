import type { Message, SearchHit } from '../protocol.js';
import { rank } from './paging.js';
import { analyse, highlights, relevance, type PreparedTerm } from './relevance.js';

/** A candidate of a batch as a store found it: a live match the searcher may read. */
export interface FoundRow {
  id: number;
  createdAt: number;
  text: string;
}

/**
 * The batch's candidates' ids, best first (paging.ts `rank`), scored by relevance.ts over their
 * text: every store ranks in this one way, whatever its index, so that their pages agree.
 */
export function rankBatch(
  candidates: readonly FoundRow[],
  terms: readonly PreparedTerm[],
  now: number,
): number[] {
  const analysed = candidates.map((c) => ({ ...c, analysis: analyse(c.text, terms) }));
  const average =
    analysed.reduce((sum, c) => sum + c.analysis.length, 0) / Math.max(1, analysed.length);
  const scored = analysed.map((c) => ({ ...c, relevance: relevance(c.analysis, average) }));
  return rank(scored, now);
}

/**
 * A page's hits in the page's order, highlighted; ids without a message in `loaded` are left
 * out (a store that loads the page apart from finding it leaves out what went meanwhile).
 */
export function pageHits(
  page: readonly number[],
  loaded: ReadonlyMap<number, Message>,
  terms: readonly PreparedTerm[],
): SearchHit[] {
  return page.flatMap((id) => {
    const message = loaded.get(id);
    return message ? [{ message, highlights: highlights(message.text, terms) }] : [];
  });
}
