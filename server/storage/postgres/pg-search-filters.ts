import type { ParsedQuery } from '../../search/query.js';
import {
  pairKey,
  resolveFilters,
  type FilterLookups,
  type ResolvedFilters,
} from '../sqlite/search-filters.js';
import type { Queryable } from './pg-pool.js';

/** A-Z folded, as `lower(x COLLATE "C")` folds (SQLite's NOCASE): other letters keep their case. */
const foldAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The rooms (not direct) of the searcher's whose names fold to one of `keys`. */
const ROOMS = `SELECT r.id, lower(r.name COLLATE "C") AS key FROM members mb
  JOIN rooms r ON r.id = mb.room_id
  WHERE mb.user_id = $1 AND r.kind <> 'direct' AND lower(r.name COLLATE "C") = ANY($2::text[])`;
/** The searcher's direct rooms of those keys. */
const DIRECT = `SELECT r.id, r.direct_key AS key FROM rooms r
  JOIN members mb ON mb.room_id = r.id AND mb.user_id = $1 WHERE r.direct_key = ANY($2::text[])`;

/**
 * A query's `from:` and `in:` filters resolved on PostgreSQL, by the rules both stores share
 * (search-filters.ts `resolveFilters`). Those rules ask as they go, one name at a time; here
 * every name the query holds is fetched first (the people, then the rooms named and the
 * direct rooms with those people: a query each, only when the query has such filters), and
 * the rules read the answers.
 */
export async function pgSearchFilters(
  db: Queryable,
  searcher: number,
  query: ParsedQuery,
): Promise<ResolvedFilters> {
  const people = [
    ...query.from,
    ...query.in.filter((n) => n.startsWith('@')).map((n) => n.slice(1)),
  ];
  const users = new Map<string, number>();
  if (people.length > 0) {
    // Usernames are stored lower-case (pg-schema-people.ts); the query's are lower-cased too.
    const rows = await db.query<{ id: number; name: string }>(
      `SELECT id, lower(username COLLATE "C") AS name FROM users
       WHERE lower(username COLLATE "C") = ANY($1::text[])`,
      [people.map(foldAscii)],
    );
    for (const row of rows.rows) users.set(row.name, row.id);
  }
  const userId = (name: string) => users.get(foldAscii(name));
  const named = query.in.filter((n) => !n.startsWith('@')).map(foldAscii);
  const keys = query.in.flatMap((n) => {
    const other = n.startsWith('@') ? userId(n.slice(1)) : undefined;
    return other === undefined || other === searcher ? [] : [pairKey(searcher, other)];
  });
  const rooms = async (sql: string, wanted: string[]) => {
    const found = new Map<string, number[]>();
    if (wanted.length === 0) return found;
    for (const row of (await db.query<{ id: number; key: string }>(sql, [searcher, wanted])).rows)
      found.set(row.key, [...(found.get(row.key) ?? []), row.id]);
    return found;
  };
  const [byName, byKey] = [await rooms(ROOMS, named), await rooms(DIRECT, keys)];
  const lookups: FilterLookups = {
    userId,
    rooms: (_, name) => byName.get(foldAscii(name)) ?? [],
    direct: (_, key) => byKey.get(key) ?? [],
  };
  return resolveFilters(searcher, query, lookups);
}
