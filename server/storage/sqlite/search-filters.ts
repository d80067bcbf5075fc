import type { Database } from 'better-sqlite3';
import type { ParsedQuery } from '../../search/query.js';

/** A query's `from:` and `in:` filters as ids, and the ones that named nothing. */
export interface ResolvedFilters {
  /** Author ids, when the query has `from:` (empty: none of them exists). */
  authors?: number[];
  /** Room ids of the searcher's, when the query has `in:` (empty: none of theirs). */
  rooms?: number[];
  /** The filters that name nothing the searcher can see, as `from:@name` or `in:#name`. */
  unknown: string[];
}

/**
 * What resolving filters asks of a store, synchronously: SQLite asks its database as it goes,
 * PostgreSQL answers from rows it fetched before (pg-search-filters.ts).
 */
export interface FilterLookups {
  /** The id of the user of that (lower-case) username; undefined when there is none. */
  userId(name: string): number | undefined;
  /** The searcher's rooms (not direct) of that name, compared without case (A to Z only). */
  rooms(searcher: number, name: string): number[];
  /** The searcher's direct room of that key (`min:max` of the two people's ids), if any. */
  direct(searcher: number, key: string): number[];
}

/** The key of the two-person direct room of `a` and `b`, as both stores write it. */
export const pairKey = (a: number, b: number): string => [a, b].sort((x, y) => x - y).join(':');

/**
 * Resolves `from:@username` (anyone, by username, case-insensitive) and `in:` against what the
 * searcher can see: `in:#room` is one of the rooms they are in now (by name, case-insensitive),
 * and `in:@username` their two-person conversation with that person. A room they are not in is
 * unknown, exactly as one that does not exist: the answer leaks no room names. Shared by both
 * stores, so that they resolve and report filters alike.
 */
export function resolveFilters(
  searcher: number,
  query: ParsedQuery,
  lookups: FilterLookups,
): ResolvedFilters {
  const roomIds = (name: string): number[] => {
    if (!name.startsWith('@')) return lookups.rooms(searcher, name);
    const other = lookups.userId(name.slice(1));
    if (other === undefined || other === searcher) return [];
    return lookups.direct(searcher, pairKey(searcher, other));
  };
  const resolved: ResolvedFilters = { unknown: [] };
  if (query.from.length > 0) {
    resolved.authors = [];
    for (const name of query.from) {
      const id = lookups.userId(name);
      if (id === undefined) resolved.unknown.push(`from:@${name}`);
      else resolved.authors.push(id);
    }
  }
  if (query.in.length > 0) {
    resolved.rooms = [];
    for (const name of query.in) {
      const ids = roomIds(name);
      if (ids.length === 0)
        resolved.unknown.push(name.startsWith('@') ? `in:${name}` : `in:#${name}`);
      resolved.rooms.push(...ids);
    }
  }
  return resolved;
}

/** {@link resolveFilters} over the SQLite database, asking it as it goes. */
export function searchFilters(db: Database) {
  const q = {
    user: db.prepare<[string], { id: number }>('SELECT id FROM users WHERE username = ?'),
    room: db.prepare<[number, string], { id: number }>(
      `SELECT r.id FROM members mb JOIN rooms r ON r.id = mb.room_id
       WHERE mb.user_id = ? AND r.kind <> 'direct' AND r.name = ? COLLATE NOCASE`,
    ),
    direct: db.prepare<[number, string], { id: number }>(
      `SELECT r.id FROM rooms r JOIN members mb ON mb.room_id = r.id AND mb.user_id = ?
       WHERE r.direct_key = ?`,
    ),
  };
  const lookups: FilterLookups = {
    userId: (name) => q.user.get(name)?.id,
    rooms: (searcher, name) => q.room.all(searcher, name).map((row) => row.id),
    direct: (searcher, key) => q.direct.all(searcher, key).map((row) => row.id),
  };
  return (searcher: number, query: ParsedQuery): ResolvedFilters =>
    resolveFilters(searcher, query, lookups);
}

/**
 * Whether a search can find anything: it has something to look for (words, or a filter: `has:`
 * or one that narrows), and each of its `from:` and `in:` names something (a filter that names
 * nothing matches nothing).
 */
export function canMatch(query: ParsedQuery, filters: ResolvedFilters): boolean {
  const { authors, rooms } = filters;
  const any = query.terms.length > 0 || authors || rooms || query.before || query.after;
  const named = authors?.length !== 0 && rooms?.length !== 0;
  return named && Boolean(any || query.hasFile || query.hasLink);
}
