import type { ParsedQuery } from '../../search/query.js';
import type { ResolvedFilters } from '../sqlite/search-filters.js';

/**
 * The SQL of a search on PostgreSQL. Every value, the user's words above all, is a bound
 * parameter; only the fixed fragments below are pasted in.
 */

/**
 * The newest message id, and the query's words as one `tsquery` in text form (null when a term
 * has no word PostgreSQL indexes: it could match nothing). Each term goes through the index's
 * own `search_text` and `phraseto_tsquery`, which reads any text as words and never as
 * operators (quotes, `&`, `|`, `!`, `:*`, parentheses or backslashes are separators to it): a
 * phrase's words in a row, a prefix term's last word marked `:*`, every term required (`&`).
 * The text is PostgreSQL's own rendering, read back by a cast, so nothing the user typed is
 * ever parsed as tsquery syntax. Made apart from the scan so that the planner sees the actual
 * query there (a parameter), and so its statistics of the words.
 */
export const PREPARE_SQL = `SELECT (SELECT coalesce(max(id), 0) FROM messages) AS newest,
  (SELECT CASE WHEN bool_and(numnode(q) > 0) THEN
       string_agg('(' || q::text || CASE WHEN t.prefix THEN ':*' ELSE '' END || ')', ' & ')
     END
   FROM unnest($1::text[], $2::boolean[]) AS t(words, prefix),
     LATERAL phraseto_tsquery('simple', search_text(t.words)) AS q) AS query`;

/** `has:link` without words: candidates by the scheme's word, as SQLite's LINK_MATCH. */
export const LINK_QUERY = `'http' | 'https'`;

/** What one scan reads: the batch's range, the searcher, and the query as planned. */
export interface ScanPlan {
  lo: number;
  hi: number;
  user: number;
  /** A tsquery in text form (PREPARE_SQL's, or LINK_QUERY); none: filters alone. */
  match?: string;
  query: ParsedQuery;
  filters: ResolvedFilters;
  limit: number;
}

/**
 * The newest `limit` candidates in `[lo, hi]`, newest first: live messages of rooms the searcher
 * is in now (thread replies too) that match the words and pass every filter. One statement: the
 * planner picks the GIN index for rare words and the id order for common ones or for filters
 * alone; its bound is the statement timeout the caller sets, not a count of rows.
 */
export function scanSql(plan: ScanPlan): { text: string; values: unknown[] } {
  const values: unknown[] = [plan.lo, plan.hi, plan.user];
  const param = (value: unknown) => `$${values.push(value)}`;
  const parts = [
    'm.id BETWEEN $1 AND $2',
    'm.deleted_at IS NULL',
    'm.room_id IN (SELECT room_id FROM members WHERE user_id = $3)',
  ];
  const { query, filters } = plan;
  if (plan.match !== undefined) parts.push(`m.tsv @@ ${param(plan.match)}::tsquery`);
  if (filters.authors) parts.push(`m.author_id = ANY(${param(filters.authors)}::bigint[])`);
  if (filters.rooms) parts.push(`m.room_id = ANY(${param(filters.rooms)}::bigint[])`);
  if (query.before !== undefined) parts.push(`m.created_at < ${param(query.before)}`);
  if (query.after !== undefined) parts.push(`m.created_at >= ${param(query.after)}`);
  // The index finds "http" and "https" as words; a link is the scheme with its "://" (ILIKE:
  // SQLite's LIKE ignores ASCII case).
  if (query.hasLink) parts.push(`(m.text ILIKE '%http://%' OR m.text ILIKE '%https://%')`);
  if (query.hasFile)
    parts.push('EXISTS (SELECT 1 FROM message_files mf WHERE mf.message_id = m.id)');
  const text = `SELECT m.id, m.created_at AS "createdAt", m.text FROM messages m
    WHERE ${parts.join(' AND ')} ORDER BY m.id DESC LIMIT ${param(plan.limit)}`;
  return { text, values };
}
