/**
 * The search query language (Slack's): words, `"a phrase"`, `from:@username`, `in:#room`,
 * `before:YYYY-MM-DD`, `after:YYYY-MM-DD`, `has:file`, `has:link`. Pure functions: whatever the
 * input, parsing never throws; what does not parse as a filter is taken as plain words.
 */

/** A word or a phrase to find, as the user wrote it (the index tokenises it). */
export interface SearchTerm {
  text: string;
  /** `"…"`: its words next to one another, in order. */
  phrase: boolean;
  /** Also words that start with it: the last bare word (people are still typing it) or `word*`. */
  prefix: boolean;
}

export interface ParsedQuery {
  /** At most {@link MAX_TERMS}; every one must match. */
  terms: SearchTerm[];
  /** Lower-case usernames without `@`: messages by any of them. */
  from: string[];
  /** Room names without `#` (or `@username`: a direct conversation): messages in any of them. */
  in: string[];
  /** Only messages sent before this time (ms since the epoch: the start of that UTC day). */
  before?: number;
  /** Only messages sent from this time on (the day after the one named, as in Slack). */
  after?: number;
  hasFile: boolean;
  hasLink: boolean;
}

/** Words and phrases a query may hold; the rest are dropped. */
export const MAX_TERMS = 10;
/** A term with fewer letters or digits than this finds too much to be worth it: dropped. */
export const MIN_TERM_CHARS = 2;
/** Values of one filter (`from:`, `in:`) a query may hold; the rest are dropped. */
export const MAX_FILTER_VALUES = 5;

const DAY_MS = 86_400_000;
/** The characters the index keeps in its tokens (unicode61: letters, digits, private use). */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/gu;
const FILTER = /^(from|in|before|after|has):(.+)$/i;

/** A `YYYY-MM-DD` that is a real date, as ms since the epoch at 00:00 UTC; else undefined. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const back = new Date(at);
  const real = back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return real && year >= 1970 ? at : undefined;
}

/** Applies one `key:value` chunk to the query; false when it is not a filter (so: words). */
function applyFilter(query: ParsedQuery, key: string, value: string): boolean {
  switch (key) {
    case 'from': {
      const name = /^@?([\p{L}\p{N}_.-]{1,64})$/u.exec(value)?.[1];
      if (!name) return false;
      if (query.from.length < MAX_FILTER_VALUES) query.from.push(name.toLowerCase());
      return true;
    }
    case 'in': {
      // `in:@bob`: the direct conversation of the searcher and bob (kept with its `@`).
      const person = /^@([\p{L}\p{N}_.-]{1,64})$/u.exec(value)?.[1];
      const name = person ? `@${person.toLowerCase()}` : value.replace(/^#/, '').normalize('NFC');
      if (!name || name.length > 64) return false;
      if (query.in.length < MAX_FILTER_VALUES) query.in.push(name);
      return true;
    }
    case 'before':
    case 'after': {
      const day = parseDay(value);
      if (day === undefined) return false;
      if (key === 'before') query.before = day;
      else query.after = day + DAY_MS;
      return true;
    }
    case 'has': {
      const what = value.toLowerCase();
      if (what === 'file' || what === 'files') query.hasFile = true;
      else if (what === 'link' || what === 'links') query.hasLink = true;
      else return false;
      return true;
    }
  }
  return false;
}

/** Letters and digits in `text`, as the index counts them. */
export const tokenChars = (text: string): number => text.match(TOKEN_CHAR)?.length ?? 0;

/**
 * Splits a query into its terms and filters. Unbalanced quotes, operators of the index's own
 * syntax (`NEAR(`, `*`, `-`, `AND`) and stray colons are plain text; terms without
 * {@link MIN_TERM_CHARS} letters or digits, and terms past {@link MAX_TERMS}, are dropped.
 */
export function parseQuery(raw: string): ParsedQuery {
  const query: ParsedQuery = { terms: [], from: [], in: [], hasFile: false, hasLink: false };
  // Control characters never reach the index (a NUL could cut a query short there).
  const text = raw.replace(/\p{Cc}/gu, ' ');
  // `typing`: the query's very last chunk, with nothing after it (people are still typing it).
  const words: Array<{ text: string; phrase: boolean; prefix: boolean }> = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/u.test(text[i] ?? '')) {
      i++;
      continue;
    }
    const close = text[i] === '"' ? text.indexOf('"', i + 1) : -1;
    if (text[i] === '"') {
      // An unbalanced quote is dropped, and what follows it is read as words.
      if (close > i) words.push({ text: text.slice(i + 1, close), phrase: true, prefix: false });
      i = close > i ? close + 1 : i + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/[\s"]/u.test(text[end] ?? '')) end++;
    let chunk = text.slice(i, end);
    // `in:"my room"` and `from:"bob"`: a filter's value may be quoted.
    const quotedValue = /^(in|from):#?$/i.test(chunk) && text[end] === '"';
    const valueEnd = quotedValue ? text.indexOf('"', end + 1) : -1;
    if (valueEnd > end) {
      chunk += text.slice(end + 1, valueEnd);
      end = valueEnd + 1;
    }
    i = end;
    const filter = FILTER.exec(chunk);
    if (filter && applyFilter(query, (filter[1] ?? '').toLowerCase(), filter[2] ?? '')) continue;
    const typing = end === text.length;
    words.push({
      text: chunk.replace(/\*+$/, ''),
      phrase: false,
      prefix: typing || chunk.endsWith('*'),
    });
  }
  query.terms = words.filter((word) => tokenChars(word.text) >= MIN_TERM_CHARS).slice(0, MAX_TERMS);
  return query;
}
