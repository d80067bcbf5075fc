import type { Database } from 'better-sqlite3';
import type { Room, UserRef } from '../../protocol.js';
import type { RoomStore } from '../store.js';
import { toRoom, type RoomRow } from './rows.js';

const ROOM_COLUMNS = `r.id, r.name, r.kind, r.last_message_id,
  (SELECT COUNT(*) FROM members c WHERE c.room_id = r.id) AS member_count`;

/** Rooms and memberships in SQLite. */
export function sqliteRooms(db: Database): RoomStore {
  const q = {
    room: db.prepare<[number], RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = ?`),
    directByKey: db.prepare<[string], RoomRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.direct_key = ?`,
    ),
    list: db.prepare<[number, number], RoomRow & { joined: number }>(
      `SELECT ${ROOM_COLUMNS},
         EXISTS (SELECT 1 FROM members j WHERE j.room_id = r.id AND j.user_id = ?) AS joined
       FROM rooms r
       WHERE r.kind = 'public' OR r.id IN (SELECT room_id FROM members WHERE user_id = ?)
       ORDER BY r.id`,
    ),
    memberRoomIds: db.prepare<[number], { room_id: number }>(
      'SELECT room_id FROM members WHERE user_id = ?',
    ),
    isMember: db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM members WHERE room_id = ? AND user_id = ?',
    ),
    insertRoom: db.prepare<[string, string, string | null, number], { id: number }>(
      'INSERT INTO rooms (name, kind, direct_key, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    nameTaken: db.prepare<[string], { one: number }>(
      `SELECT 1 AS one FROM rooms WHERE name = ? COLLATE NOCASE AND kind <> 'direct'`,
    ),
    addMember: db.prepare<[number, number, number]>(
      'INSERT OR IGNORE INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    ),
    removeMember: db.prepare<[number, number]>(
      'DELETE FROM members WHERE room_id = ? AND user_id = ?',
    ),
    members: db.prepare<[number], { id: number; username: string; display_name: string }>(
      `SELECT u.id, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.room_id = ? ORDER BY u.id`,
    ),
  };

  /** Direct rooms carry their two members, so that a client can name them. */
  function withMembers(row: RoomRow): Room {
    const room = toRoom(row);
    if (room.kind !== 'direct') return room;
    const members: UserRef[] = q.members
      .all(room.id)
      .map((m) => ({ id: m.id, username: m.username, displayName: m.display_name }));
    return { ...room, members };
  }

  const createRoom = db.transaction((...[r]: Parameters<RoomStore['createRoom']>) => {
    if (q.nameTaken.get(r.name)) return undefined;
    const now = Date.now();
    const created = q.insertRoom.get(r.name, r.kind, null, now);
    if (!created) throw new Error('insert room returned no row');
    q.addMember.run(created.id, r.createdBy, now);
    return created.id;
  });

  const openDirect = db.transaction((a: number, b: number) => {
    const key = `${Math.min(a, b)}:${Math.max(a, b)}`;
    const existing = q.directByKey.get(key);
    if (existing) return existing.id;
    const now = Date.now();
    const created = q.insertRoom.get('direct', 'direct', key, now);
    if (!created) throw new Error('insert room returned no row');
    q.addMember.run(created.id, a, now);
    q.addMember.run(created.id, b, now);
    return created.id;
  });

  function load(roomId: number): Room | undefined {
    const row = q.room.get(roomId);
    return row && withMembers(row);
  }

  return {
    async createRoom(room) {
      const id = createRoom(room);
      return id === undefined ? undefined : load(id);
    },
    async getRoom(roomId) {
      return load(roomId);
    },
    async listRooms(userId) {
      return q.list
        .all(userId, userId)
        .map((row) => ({ ...withMembers(row), joined: row.joined === 1 }));
    },
    async memberRoomIds(userId) {
      return q.memberRoomIds.all(userId).map((row) => row.room_id);
    },
    async isMember(roomId, userId) {
      return q.isMember.get(roomId, userId) !== undefined;
    },
    async addMember(roomId, userId) {
      return q.addMember.run(roomId, userId, Date.now()).changes > 0;
    },
    async removeMember(roomId, userId) {
      return q.removeMember.run(roomId, userId).changes > 0;
    },
    async openDirect(userA, userB) {
      const room = load(openDirect(userA, userB));
      if (!room) throw new Error('direct room vanished');
      return room;
    },
  };
}
