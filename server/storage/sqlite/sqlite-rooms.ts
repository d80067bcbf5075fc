import type { Database } from 'better-sqlite3';
import type { Room, UserRef } from '../../protocol.js';
import type { CreateRoomOutcome, RoomStore } from '../store.js';
import { nameKeys } from '../../names.js';
import { isUniqueViolation } from './room-name-keys.js';
import { ROOM_COLUMNS, toRoom, type RoomRow } from './rows.js';
import { openDirectRoom } from './sqlite-direct.js';
import { roomPages } from './sqlite-room-pages.js';
import { memberRemover } from './room-drop.js';
import { userActions } from './user-actions.js';
import { memberProbe } from './member-probe.js';

/** Rooms and memberships in SQLite. */
export function sqliteRooms(db: Database): RoomStore {
  const actions = userActions(db);
  const isMember = memberProbe(db);
  const q = {
    room: db.prepare<[number], RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = ?`),
    memberRoomIds: db.prepare<[number], { room_id: number }>(
      'SELECT room_id FROM members WHERE user_id = ?',
    ),
    // Ids are never reused, even after the newest room is deleted: a client that still holds a
    // deleted room must not take a new one for it.
    insertRoom: db.prepare<
      [string, string, string | null, string | null, string | null, number | null, number],
      { id: number }
    >(
      `INSERT INTO rooms (id, name, kind, direct_key, name_key, shape_key, created_by, created_at)
       VALUES ((SELECT MAX(COALESCE(MAX(id), 0), COALESCE((SELECT CAST(value AS INTEGER)
                  FROM meta WHERE key = 'last_deleted_room'), 0)) + 1 FROM rooms),
               ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    // A name is taken when it looks like (room-name-keys.ts) a public room's name or the name
    // of a private room the creator is in. Other private rooms never count: they would leak.
    lookAlikeInSight: db.prepare<[{ key: string; shape: string; user: number }], { one: number }>(
      `SELECT 1 AS one FROM rooms WHERE kind = 'public' AND name_key = @key
       UNION ALL
       SELECT 1 FROM rooms WHERE kind = 'public' AND shape_key = @shape
       UNION ALL
       SELECT 1 FROM members m JOIN rooms r ON r.id = m.room_id
       WHERE m.user_id = @user AND r.kind = 'private' AND (r.name_key = @key OR r.shape_key = @shape)
       LIMIT 1`,
    ),
    createdBy: db.prepare<[number], { n: number }>(
      `SELECT COUNT(*) AS n FROM rooms WHERE created_by = ? AND kind <> 'direct'`,
    ),
    addMember: db.prepare<[number, number, number]>(
      'INSERT OR IGNORE INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    ),
    members: db.prepare<[number], { id: number; username: string; display_name: string }>(
      `SELECT u.id, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.room_id = ? ORDER BY u.id`,
    ),
    // The primary key (room_id, user_id) keeps a room's members in id order: a page is a range.
    memberPage: db.prepare<
      [{ room: number; after: number; skip: string; limit: number }],
      { id: number; username: string; display_name: string }
    >(
      `SELECT u.id, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.room_id = @room AND m.user_id > @after
         AND m.user_id NOT IN (SELECT value FROM json_each(@skip))
       ORDER BY m.user_id LIMIT @limit`,
    ),
    memberCount: db.prepare<[number], { n: number }>(
      'SELECT member_count AS n FROM rooms WHERE id = ?',
    ),
  };

  /** Direct rooms carry their members (2 to 8), so that a client can name the conversation. */
  function withMembers(row: RoomRow): Room {
    const room = toRoom(row);
    if (room.kind !== 'direct') return room;
    const members: UserRef[] = q.members
      .all(room.id)
      .map((m) => ({ id: m.id, username: m.username, displayName: m.display_name }));
    return { ...room, members };
  }

  const createRoom = db.transaction(
    (...[r]: Parameters<RoomStore['createRoom']>): CreateRoomOutcome | number => {
      if (r.quota) {
        const retryAfterMs = actions.waitMs(r.createdBy, 'room', r.quota.perHour, r.now);
        if (retryAfterMs > 0) return { ok: false, reason: 'hourly_quota', retryAfterMs };
        if ((q.createdBy.get(r.createdBy)?.n ?? 0) >= r.quota.total)
          return { ok: false, reason: 'total_quota' };
      }
      const { folded: key, shape } = nameKeys(r.name);
      if (q.lookAlikeInSight.get({ key, shape, user: r.createdBy }))
        return { ok: false, reason: 'name_taken' };
      const created = q.insertRoom.get(r.name, r.kind, null, key, shape, r.createdBy, r.now);
      if (!created) throw new Error('insert room returned no row');
      q.addMember.run(created.id, r.createdBy, r.now);
      actions.record(r.createdBy, 'room', r.now);
      return created.id;
    },
  );

  // Shared with an admin's removal (sqlite-room-admin.ts): room-drop.ts.
  const removeMember = db.transaction(memberRemover(db));

  const openDirect = openDirectRoom(db, (key, now) => {
    const created = q.insertRoom.get('direct', 'direct', key, null, null, null, now);
    if (!created) throw new Error('insert room returned no row');
    return created.id;
  });

  function load(roomId: number): Room | undefined {
    const row = q.room.get(roomId);
    return row && withMembers(row);
  }

  return {
    async createRoom(room) {
      let outcome: CreateRoomOutcome | number;
      try {
        outcome = createRoom(room);
      } catch (error) {
        // The checks above and the unique indexes agree; where they do not (another process
        // writing the same file), the index decides and the answer is still "taken".
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
      if (typeof outcome !== 'number') return outcome;
      const created = load(outcome);
      if (!created) throw new Error('created room vanished');
      return { ok: true, room: created };
    },
    async getRoom(roomId) {
      return load(roomId);
    },
    listRooms: roomPages(db, withMembers),
    async memberRoomIds(userId) {
      return q.memberRoomIds.all(userId).map((row) => row.room_id);
    },
    async isMember(roomId, userId) {
      return isMember(roomId, userId);
    },
    async addMember(roomId, userId) {
      return q.addMember.run(roomId, userId, Date.now()).changes > 0;
    },
    async removeMember(roomId, userId) {
      return removeMember(roomId, userId);
    },
    async openDirect(open) {
      const outcome = openDirect(open);
      if (!outcome.ok) return outcome;
      const room = load(outcome.id);
      if (!room) throw new Error('direct room vanished');
      return { ok: true, room, changed: outcome.changed };
    },
    async roomMembers(roomId, { after, limit, skip = [] }) {
      // One row past the page says whether another page follows.
      const rows = q.memberPage.all({
        room: roomId,
        after,
        skip: JSON.stringify(skip),
        limit: limit + 1,
      });
      const members = rows
        .slice(0, limit)
        .map((m) => ({ id: m.id, username: m.username, displayName: m.display_name }));
      return { members, more: rows.length > limit, total: q.memberCount.get(roomId)?.n ?? 0 };
    },
  };
}
