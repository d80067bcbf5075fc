/**
 * The SQL of one search's candidates in one window of ids (`@lo` to `@hi`; see scan.ts), by
 * the query's shape (which filters it has), so that each shape is prepared once. Both kinds read
 * the newest matches first and stop at `@limit`:
 * - with words (or `has:link` alone), FTS5 drives: `message_index` is the outer loop (CROSS
 *   JOIN), read newest first in its own rowid order from `@hi`, and each match is checked
 *   against the searcher's rooms and the filters by the message's primary key;
 * - with filters alone, the messages table is read newest first, through the author's index
 *   when the query names one person.
 * Every user value is a bound parameter; only the fixed fragments below are pasted in.
 */

/** Which parts a candidate query has. */
export interface SearchShape {
  /** An FTS5 MATCH expression is bound as `@match`. */
  match: boolean;
  /** Rank by bm25 (false for `has:link` alone: recency only). */
  relevance: boolean;
  /** `from:` names one person, or several. */
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
  limit: number;
}

/** The conditions on `messages m` that both kinds share. */
function filters(shape: SearchShape): string {
  // `deleted_at`: the triggers take a tombstone out of the index; this holds even if one did not.
  const parts = [
    'm.room_id IN (SELECT room_id FROM members WHERE user_id = @user)',
    'm.deleted_at IS NULL',
  ];
  // One person: `=`, so that their index gives their messages newest first, unsorted.
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

/** `SELECT id, createdAt, relevance` of the newest `@limit` candidates, newest first. */
export function candidateSql(shape: SearchShape): string {
  if (shape.match) {
    const relevance = shape.relevance ? '-bm25(message_index)' : '0';
    return `SELECT m.id AS id, m.created_at AS createdAt, ${relevance} AS relevance
      FROM message_index CROSS JOIN messages m ON m.id = message_index.rowid
      WHERE message_index MATCH @match AND message_index.rowid BETWEEN @lo AND @hi
        AND ${filters(shape)}
      ORDER BY message_index.rowid DESC LIMIT @limit`;
  }
  return `SELECT m.id AS id, m.created_at AS createdAt, 0 AS relevance FROM messages m
    WHERE m.id BETWEEN @lo AND @hi AND ${filters(shape)}
    ORDER BY m.id DESC LIMIT @limit`;
}

/** A key that names the shape, for the statement cache. */
export const shapeKey = (shape: SearchShape): string =>
  Object.entries(shape)
    .map(([key, on]) => `${key}=${String(on)}`)
    .join(',');
