import type { SearchTerm } from './query.js';

/**
 * Where a query's terms occur in a message, found the way the index tokenises (SQLite FTS5
 * `unicode61 remove_diacritics 2`): words are runs of letters, digits and private-use
 * characters (with their combining marks), compared without case or accents. Pure; it gives
 * both the highlights and the relevance, so that the two always agree.
 */

/** A word of a text: where it is (UTF-16 units) and its folded form. */
interface Token {
  start: number;
  end: number;
  folded: string;
}

const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{Co}]+/u;
// Nothing to fold but case (the common case, and much faster than normalize()).
const ASCII = /^[\u0020-\u007e\n\t]*$/;
/** Lower case, without accents (é → e), as the index compares. */
const fold = (text: string) =>
  ASCII.test(text)
    ? text.toLowerCase()
    : text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The words of `text`, in order, where they are. */
function tokens(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: fold(m[0]),
  }));
}

/** The folded words of `text`, in order (faster than `tokens`: no places). */
function words(text: string): string[] {
  return fold(text)
    .split(NOT_WORD)
    .filter((word) => word !== '');
}

/** A query's terms as folded words, to match many texts against. */
export interface PreparedTerm {
  words: string[];
  prefix: boolean;
}
export const prepareTerms = (terms: readonly SearchTerm[]): PreparedTerm[] =>
  terms.map((term) => ({ words: words(term.text), prefix: term.prefix }));

/** Whether `term` occurs in `text` at word `i`. */
const occursAt = (text: readonly string[], i: number, term: PreparedTerm) =>
  term.words.every((want, k) => {
    const word = text[i + k] ?? '';
    // A prefix term's last word may be the start of a longer one.
    return term.prefix && k === term.words.length - 1 ? word.startsWith(want) : word === want;
  });

/** How one text matches a query's terms. */
export interface Analysis {
  /** Occurrences of each term, in the query's order. */
  counts: number[];
  /** Words in the text. */
  length: number;
}

/** Counts every occurrence of every term (a term of several words: those words in a row). */
export function analyse(text: string, terms: readonly PreparedTerm[]): Analysis {
  const folded = words(text);
  const counts = terms.map((term) => {
    if (term.words.length === 0) return 0;
    let count = 0;
    for (let i = 0; i + term.words.length <= folded.length; i++)
      if (occursAt(folded, i, term)) count++;
    return count;
  });
  return { counts, length: folded.length };
}

/** `[start, end)` UTF-16 ranges of every occurrence of every term, in order, merged. */
export function highlights(text: string, terms: readonly PreparedTerm[]): Array<[number, number]> {
  const found = tokens(text);
  const folded = found.map((token) => token.folded);
  const spans: Array<[number, number]> = [];
  for (const term of terms) {
    const n = term.words.length;
    for (let i = 0; n > 0 && i + n <= folded.length; i++)
      if (occursAt(folded, i, term)) spans.push([found[i]?.start ?? 0, found[i + n - 1]?.end ?? 0]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const ranges: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/** BM25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/**
 * Relevance of a matching text, higher is better: BM25 without its inverse document frequency.
 * Every candidate holds every term (the query is an AND), so rarity would not tell candidates
 * apart much, and counting it would cost a pass over each term's whole posting list: what
 * counts is how often the terms occur, and in how short a message (against `averageLength`).
 */
export function relevance(analysis: Analysis, averageLength: number): number {
  const norm = K1 * (1 - B + (B * analysis.length) / Math.max(1, averageLength));
  return analysis.counts.reduce((sum, f) => sum + (f * (K1 + 1)) / (f + norm), 0);
}
