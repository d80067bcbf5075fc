import type { Database } from 'better-sqlite3';
import type { Room, RoomListing } from '../../protocol.js';
import type { RoomStore } from '../store.js';
import { ROOM_COLUMNS, type RoomRow } from './rows.js';
import { readStateReader } from './sqlite-read-state.js';

type ListedRow = RoomRow & { joined: number };
type PageParams = { user: number; after: number; pattern: string | null; limit: number };

/** `%`, `_` and `\` match themselves in the LIKE pattern made of a client's query. */
const likePattern = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * `rooms:list` in SQLite: one page at a time, walking an index by room id (the user's
 * memberships, or the public rooms), so that no answer holds every room of a big server and no
 * page costs more than its own rows. Archived rooms are not browsed: only their members see them.
 */
export function roomPages(
  db: Database,
  withMembers: (row: RoomRow) => Room,
): RoomStore['listRooms'] {
  const page = {
    joined: db.prepare<[PageParams], ListedRow>(
      `SELECT ${ROOM_COLUMNS}, 1 AS joined FROM members m JOIN rooms r ON r.id = m.room_id
       WHERE m.user_id = @user AND m.room_id > @after
         AND (@pattern IS NULL OR r.name LIKE @pattern ESCAPE '\\')
       ORDER BY m.room_id LIMIT @limit`,
    ),
    public: db.prepare<[PageParams], ListedRow>(
      `SELECT ${ROOM_COLUMNS},
         EXISTS (SELECT 1 FROM members j WHERE j.room_id = r.id AND j.user_id = @user) AS joined
       FROM rooms r
       WHERE r.kind = 'public' AND r.id > @after
         AND (@pattern IS NULL OR r.name LIKE @pattern ESCAPE '\\')
         AND (r.archived_at IS NULL
           OR EXISTS (SELECT 1 FROM members j WHERE j.room_id = r.id AND j.user_id = @user))
       ORDER BY r.id LIMIT @limit`,
    ),
    notJoined: db.prepare<[PageParams], ListedRow>(
      `SELECT ${ROOM_COLUMNS}, 0 AS joined FROM rooms r
       WHERE r.kind = 'public' AND r.id > @after AND r.archived_at IS NULL
         AND (@pattern IS NULL OR r.name LIKE @pattern ESCAPE '\\')
         AND NOT EXISTS (SELECT 1 FROM members j WHERE j.room_id = r.id AND j.user_id = @user)
       ORDER BY r.id LIMIT @limit`,
    ),
  };
  const readState = readStateReader(db);
  return async (userId, { joined, after = 0, limit, query }) => {
    const statement = joined ? page.joined : joined === false ? page.notJoined : page.public;
    // One row more than asked tells whether another page follows.
    const rows = statement.all({
      user: userId,
      after,
      pattern: query === undefined ? null : likePattern(query),
      limit: limit + 1,
    });
    const rooms: RoomListing[] = rows.slice(0, limit).map((row) => {
      const listing: RoomListing = { ...withMembers(row), joined: row.joined === 1 };
      // A joined room carries the member's read state, so that a fresh sign-in shows the
      // right counts everywhere without downloading history.
      const read = listing.joined ? readState(row.id, userId) : undefined;
      return read ? { ...listing, read } : listing;
    });
    const last = rooms[rooms.length - 1];
    return { rooms, nextCursor: rows.length > limit && last ? last.id : null };
  };
}
