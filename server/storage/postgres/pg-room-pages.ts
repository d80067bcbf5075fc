import type pg from 'pg';
import type { RoomListing } from '../../protocol.js';
import type { RoomStore } from '../store.js';
import type { RoomRow } from '../sqlite/rows.js';
import { readStateColumns, toReadState, type ReadStateColumns } from './pg-read-state.js';
import { ROOM_COLUMNS, withMembers } from './pg-room-rows.js';

type ListedRow = RoomRow & ReadStateColumns;

/**
 * SQLite's LIKE ignores case for ASCII letters only. PostgreSQL's LIKE ignores none, and ILIKE
 * folds by the database's locale, beyond ASCII: folding A-Z alone on both sides matches exactly
 * what SQLite matches.
 */
const foldAscii = (sql: string) =>
  `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** `%`, `_` and `\` match themselves in the LIKE pattern made of a client's query. */
const likePattern = (query: string) => `%${asciiLower(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** $1 the user, $2 the cursor, $3 the pattern or null, $4 the limit. */
const MATCHES = `($3::text IS NULL OR ${foldAscii('r.name')} LIKE $3 ESCAPE '\\')`;
const SELECT = `SELECT ${ROOM_COLUMNS}, ${readStateColumns('$1')}`;

/**
 * The three pages of sqlite-room-pages.ts, each walking an index by room id (the user's
 * memberships, or the public rooms). Archived rooms are not browsed: only members see them.
 */
const PAGES = {
  joined: `${SELECT} FROM members mb JOIN rooms r ON r.id = mb.room_id
    WHERE mb.user_id = $1 AND mb.room_id > $2 AND ${MATCHES}
    ORDER BY mb.room_id LIMIT $4`,
  public: `${SELECT} FROM rooms r
    LEFT JOIN members mb ON mb.room_id = r.id AND mb.user_id = $1
    WHERE r.kind = 'public' AND r.id > $2 AND ${MATCHES}
      AND (r.archived_at IS NULL OR mb.user_id IS NOT NULL)
    ORDER BY r.id LIMIT $4`,
  notJoined: `${SELECT} FROM rooms r
    LEFT JOIN members mb ON mb.room_id = r.id AND mb.user_id = $1
    WHERE r.kind = 'public' AND r.id > $2 AND r.archived_at IS NULL AND mb.user_id IS NULL
      AND ${MATCHES}
    ORDER BY r.id LIMIT $4`,
};

/**
 * `rooms:list` in PostgreSQL: one page at a time, the read state of each joined room computed
 * in the same query, so that a fresh sign-in shows the right counts without downloading
 * history, and a page costs two round trips (its rows, then direct rooms' members).
 */
export function pgRoomPages(pool: pg.Pool): RoomStore['listRooms'] {
  return async (userId, { joined, after = 0, limit, query }) => {
    const sql = joined ? PAGES.joined : joined === false ? PAGES.notJoined : PAGES.public;
    // One row more than asked tells whether another page follows.
    const pattern = query === undefined ? null : likePattern(query);
    const found = await pool.query<ListedRow>(sql, [userId, after, pattern, limit + 1]);
    const rows = found.rows.slice(0, limit);
    const rooms = await withMembers(pool, rows);
    const listings: RoomListing[] = rooms.map((room, i) => {
      const row = rows[i];
      const read = row && toReadState(row, row.kind);
      // A joined room carries the member's read state; others carry none.
      return read ? { ...room, joined: true, read } : { ...room, joined: false };
    });
    const last = listings[listings.length - 1];
    return { rooms: listings, nextCursor: found.rows.length > limit && last ? last.id : null };
  };
}
