import type { SearchTerm } from './query.js';

/** SQLite FTS5 helpers, pure: the MATCH expression of a parsed query. */

/**
 * The FTS5 MATCH expression that finds every term (AND), or undefined when there is none.
 * Each term is one FTS5 string (`"…"`, its own `"` doubled), so that nothing the user typed is
 * ever read as FTS5 syntax: inside a string, `NEAR(`, `*`, `-`, `:` and `AND` are plain text,
 * which the tokenizer splits into words (a string of several words matches them as a phrase,
 * as FTS5 itself does with `foo-bar`). A prefix term gets the `*` outside its string.
 */
export function ftsMatch(terms: readonly SearchTerm[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms
    .map((term) => `"${term.text.replaceAll('"', '""')}"${term.prefix ? '*' : ''}`)
    .join(' AND ');
}

/**
 * `has:link` for a query without words: candidates come from the index (a link's scheme is a
 * word to it), and the caller checks for `http://` or `https://` in the text itself.
 */
export const LINK_MATCH = '"http" OR "https"';
