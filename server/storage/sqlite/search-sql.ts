/**
 * The SQL of one search's scan, by the query's shape (which filters it has), so that each shape
 * is prepared once. It yields every row its index matches, newest first, from `@hi` down to
 * `@lo`, with the text of those that pass the searcher's rooms and the filters (else NULL): the
 * caller iterates it lazily and stops when it has enough, or runs out of time (scan.ts), which
 * it can only notice between rows.
 * - With words (or `has:link` alone), FTS5 drives: `message_index` is the outer loop (CROSS
 *   JOIN), read newest first in its own rowid order (no sort), and each match's row is read by
 *   primary key. No bm25(): it scans a term's whole posting list on every run (relevance.ts).
 * - With filters alone, the messages table is read newest first, through the author's index
 *   when the query names one person.
 * Every user value is a bound parameter; only the fixed fragments below are pasted in.
 */

/** Which parts a scan has. */
export interface SearchShape {
  /** An FTS5 MATCH expression is bound as `@match`. */
  match: boolean;
  /** `from:` names one person (read through their index), or several. */
  authors: 'one' | 'some' | false;
  rooms: boolean;
  before: boolean;
  after: boolean;
  hasLink: boolean;
  hasFile: boolean;
}

/** Named parameters the shape's SQL takes. */
export interface SearchParams {
  match?: string;
  lo: number;
  hi: number;
  user: number;
  author?: number;
  authors?: string;
  rooms?: string;
  before?: number;
  after?: number;
}

/** Whether a row of `messages m` is a candidate: the conditions both kinds share. */
function passes(shape: SearchShape): string {
  // `deleted_at`: the triggers take a tombstone out of the index; this holds even if one did not.
  const parts = [
    'm.room_id IN (SELECT room_id FROM members WHERE user_id = @user)',
    'm.deleted_at IS NULL',
  ];
  if (shape.authors === 'one') parts.push('m.author_id = @author');
  if (shape.authors === 'some')
    parts.push('m.author_id IN (SELECT value FROM json_each(@authors))');
  if (shape.rooms) parts.push('m.room_id IN (SELECT value FROM json_each(@rooms))');
  if (shape.before) parts.push('m.created_at < @before');
  if (shape.after) parts.push('m.created_at >= @after');
  // The index finds "http" and "https" as words; a link is the scheme with its "://".
  if (shape.hasLink) parts.push(`(m.text LIKE '%http://%' OR m.text LIKE '%https://%')`);
  if (shape.hasFile)
    parts.push('EXISTS (SELECT 1 FROM message_files mf WHERE mf.message_id = m.id)');
  return parts.join(' AND ');
}

/** `SELECT id, createdAt, text` (NULL: not a candidate) of every row in range, newest first. */
export function scanSql(shape: SearchShape): string {
  const columns = `m.id AS id, m.created_at AS createdAt,
    CASE WHEN ${passes(shape)} THEN m.text END AS text`;
  if (shape.match) {
    return `SELECT ${columns}
      FROM message_index CROSS JOIN messages m ON m.id = message_index.rowid
      WHERE message_index MATCH @match AND message_index.rowid BETWEEN @lo AND @hi
      ORDER BY message_index.rowid DESC`;
  }
  const author = shape.authors === 'one' ? 'AND m.author_id = @author' : '';
  return `SELECT ${columns} FROM messages m
    WHERE m.id BETWEEN @lo AND @hi ${author} ORDER BY m.id DESC`;
}

/** A key that names the shape, for the statement cache. */
export const shapeKey = (shape: SearchShape): string =>
  Object.entries(shape)
    .map(([key, on]) => `${key}=${String(on)}`)
    .join(',');
