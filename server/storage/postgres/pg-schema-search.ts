import type { PoolClient } from 'pg';

/** Lower case without accents, as search/relevance.ts folds (é → e, Ł stays ł). */
const fold = (char: string) => char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The characters `search_text` rewrites, and what to: `[from, to]` for PostgreSQL's
 * `translate`, which deletes the characters of `from` past the end of `to`.
 * - ASCII punctuation and the common Latin-1 and general punctuation become spaces, so that
 *   words are split there, as FTS5's unicode61 splits at anything not a letter or digit:
 *   without it PostgreSQL's parser reads `example.com`, `a-b`, `x_y`, `3.14` or a URL as tokens
 *   of their own (a host, a hyphenated word…), and `example` would not find `example.com`.
 * - Latin letters with accents (Latin-1 Supplement, Latin Extended-A and B) become their folded
 *   letter, and combining accents go, so that `cafe` finds `Café` in any database locale.
 * Made from Node's Unicode tables when the schema is made; the database keeps the result.
 */
export function searchFoldTable(): [string, string] {
  const map: Array<[string, string]> = [];
  const dropped: string[] = [];
  const range = (lo: number, hi: number) =>
    Array.from({ length: hi - lo + 1 }, (_, i) => String.fromCodePoint(lo + i));
  const separators = [
    ...range(0x21, 0x7e).filter((c) => /[^\p{L}\p{N}]/u.test(c)),
    ...range(0xa0, 0xbf).filter((c) => /[\p{P}\p{S}\p{Z}]/u.test(c)),
    '\u00d7',
    '\u00f7',
    ...range(0x2000, 0x206f).filter((c) => /[\p{P}\p{S}\p{Z}]/u.test(c)),
  ];
  for (const c of separators) map.push([c, ' ']);
  for (const c of range(0xc0, 0x24f)) {
    const folded = fold(c);
    if (folded !== c && [...folded].length === 1 && /\p{L}/u.test(c)) map.push([c, folded]);
  }
  for (const c of range(0x300, 0x36f)) dropped.push(c);
  return [map.map(([c]) => c).join('') + dropped.join(''), map.map(([, to]) => to).join('')];
}

/** `text` as an SQL escape string (E'…'), whatever `standard_conforming_strings` says. */
const escapeString = (text: string) => `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * Migration: full-text search over message text (SQLite's search-index.ts), PostgreSQL's.
 * - `search_text` splits and folds text as FTS5's `unicode61 remove_diacritics 2` does, as far
 *   as PostgreSQL can (see {@link searchFoldTable}); the query's terms go through it too
 *   (pg-search-sql.ts), so that both sides are read alike whatever the rest of the parser does.
 * - Config `simple`: lower case and no stemming, as unicode61 (`runs` does not find `run`).
 * - `tsv` is a stored generated column, not an expression index: it follows every insert, edit
 *   and deletion (a tombstone's text is '') in the write's own transaction, with no trigger;
 *   queries name it rather than repeat the exact expression an index would need; and a phrase
 *   or prefix match, which GIN must recheck on the row, reads it instead of re-parsing the text.
 * - GIN on `tsv` finds a word's messages; the query joins the searcher's rooms and sorts by id.
 */
export async function createSearchIndex(db: PoolClient): Promise<void> {
  const [from, to] = searchFoldTable();
  await db.query(`
  CREATE FUNCTION search_text(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $fold$ SELECT translate($1, ${escapeString(from)}, ${escapeString(to)}) $fold$;
  ALTER TABLE messages ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text(text))) STORED;
  CREATE INDEX messages_search ON messages USING gin (tsv);
  `);
}
