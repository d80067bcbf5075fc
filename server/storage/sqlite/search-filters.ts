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
 * Resolves `from:@username` (anyone, by username, case-insensitive) and `in:` against what the
 * searcher can see: `in:#room` is one of the rooms they are in now (by name, case-insensitive),
 * and `in:@username` their two-person conversation with that person. A room they are not in is
 * unknown, exactly as one that does not exist: the answer leaks no room names.
 */
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

  const userId = (name: string) => q.user.get(name)?.id;
  const roomIds = (searcher: number, name: string): number[] => {
    if (!name.startsWith('@')) return q.room.all(searcher, name).map((row) => row.id);
    const other = userId(name.slice(1));
    if (other === undefined || other === searcher) return [];
    const key = [searcher, other].sort((a, b) => a - b).join(':');
    return q.direct.all(searcher, key).map((row) => row.id);
  };

  return (searcher: number, query: ParsedQuery): ResolvedFilters => {
    const resolved: ResolvedFilters = { unknown: [] };
    if (query.from.length > 0) {
      resolved.authors = [];
      for (const name of query.from) {
        const id = userId(name);
        if (id === undefined) resolved.unknown.push(`from:@${name}`);
        else resolved.authors.push(id);
      }
    }
    if (query.in.length > 0) {
      resolved.rooms = [];
      for (const name of query.in) {
        const ids = roomIds(searcher, name);
        if (ids.length === 0)
          resolved.unknown.push(name.startsWith('@') ? `in:${name}` : `in:#${name}`);
        resolved.rooms.push(...ids);
      }
    }
    return resolved;
  };
}
