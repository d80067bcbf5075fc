import type { SearchTerm } from './query.js';

/**
 * SQLite FTS5 helpers, pure: the MATCH expression of a parsed query, and highlight ranges from
 * FTS5's `highlight()` output.
 */

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

/** A pair of private-use characters that `texts` do not contain, to mark matches with. */
export function markers(texts: readonly string[]): [string, string] {
  for (let code = 0xe000; code < 0xf8ff; code += 2) {
    const open = String.fromCharCode(code);
    const close = String.fromCharCode(code + 1);
    if (texts.every((text) => !text.includes(open) && !text.includes(close))) return [open, close];
  }
  // 3,200 pairs all used in one page of messages: no highlights rather than wrong ones.
  return ['', ''];
}

/**
 * `[start, end)` UTF-16 ranges of the original text from FTS5 `highlight()` output, where
 * `open` and `close` (characters the text does not contain) surround each match. Adjacent or
 * overlapping ranges are merged, so that a phrase is one range.
 */
export function highlightRanges(
  marked: string,
  open: string,
  close: string,
): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (!open) return ranges;
  let offset = 0;
  let start = -1;
  for (const char of marked) {
    if (char === open) {
      start = offset;
    } else if (char === close) {
      if (start < 0) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] >= start) last[1] = Math.max(last[1], offset);
      else ranges.push([start, offset]);
      start = -1;
    } else {
      offset += char.length;
    }
  }
  return ranges;
}
