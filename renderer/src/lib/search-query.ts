/**
 * The search query language as the client needs it (the server parses it for real, see
 * SearchRequest): the words of a query, which of them are filters, and the query without one of
 * them, for the "no results" state that offers to drop a filter.
 */

/** The filter keywords, as they are typed (with the `@` or `#` that the value takes). */
export const FILTER_KEYWORDS = ['from:@', 'in:#', 'before:', 'after:', 'has:'] as const;

/** A filter: a keyword, a colon and a value in one word, such as `from:@sam` or `has:link`. */
const FILTER = /^(from|in|before|after|has):\S+$/i;

/** One word of a query and where it is: a quoted phrase (with its quotes) is one word. */
export interface QueryWord {
  text: string;
  start: number;
  end: number;
  /** A filter such as `in:#general`, not a word to find. */
  filter: boolean;
}

/**
 * The words of a query, in order. A phrase runs from a `"` to the next one (or to the end, as
 * the server takes an unclosed quote), so that `"from:@x"` inside quotes is text, not a filter.
 */
export function queryWords(query: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const match of query.matchAll(/"[^"]*"?|[^\s"]+/g)) {
    const text = match[0];
    const start = match.index;
    words.push({ text, start, end: start + text.length, filter: FILTER.test(text) });
  }
  return words;
}

/** The filters of a query as typed, each once, in order. */
export function queryFilters(query: string): string[] {
  const found = queryWords(query)
    .filter((w) => w.filter)
    .map((w) => w.text);
  return [...new Set(found)];
}

/** The query without `filter` (every copy of it), spaces tidied. */
export function withoutFilter(query: string, filter: string): string {
  return queryWords(query)
    .filter((w) => !(w.filter && w.text.toLowerCase() === filter.toLowerCase()))
    .map((w) => w.text)
    .join(' ');
}

/** Whether the caret is inside an open quote (a phrase being typed): no completions there. */
export function inPhrase(query: string, caret: number): boolean {
  const before = query.slice(0, caret);
  return (before.match(/"/g)?.length ?? 0) % 2 === 1;
}
