import type { Database } from 'better-sqlite3';
import { nameKeys } from '../../names.js';
import type { RoomKind } from '../../protocol.js';
import type { RoomAdminFacts, RoomAdminStore, RoomUpdateOutcome } from '../room-admin-store.js';
import { memberRemover, roomDropper } from './room-drop.js';
import { isUniqueViolation } from './room-name-keys.js';
import { sqlitePublicJoin } from './sqlite-public-join.js';

/**
 * What `roomAdminFacts` reads of a room; the PostgreSQL store selects the same columns, flags as
 * 0 or 1, and maps them with {@link toRoomAdminFacts}.
 */
export interface FactsRow {
  name: string;
  kind: string;
  created_by: number | null;
  is_default: number;
  archived: number;
}

/** A room's facts as the rules of room administration read them. */
export function toRoomAdminFacts(row: FactsRow): RoomAdminFacts {
  return {
    name: row.name,
    kind: row.kind as RoomKind,
    createdBy: row.created_by,
    isDefault: row.is_default === 1,
    archived: row.archived === 1,
  };
}

/** RoomAdminStore in SQLite. */
export function sqliteRoomAdmin(db: Database): RoomAdminStore {
  // Every write and every typing event asks whether its room is archived: answered from memory.
  // This store is the only writer of `archived_at` (setRoomArchived), so the set stays exact.
  // A private room dropped when its last member leaves may stay in it: ids are never reused.
  const archivedIds = new Set(
    db.prepare<[], number>('SELECT id FROM rooms WHERE archived_at IS NOT NULL').pluck().all(),
  );
  const q = {
    facts: db.prepare<[number], FactsRow>(
      `SELECT name, kind, created_by, is_default, archived_at IS NOT NULL AS archived
       FROM rooms WHERE id = ?`,
    ),
    current: db.prepare<[number], { name: string; topic: string; kind: string }>(
      'SELECT name, topic, kind FROM rooms WHERE id = ?',
    ),
    // As createRoom's look-alike check (sqlite-rooms.ts), leaving out the room itself: a room
    // may take a name that looks like its own (`General` for `general`).
    lookAlikeInSight: db.prepare<
      [{ key: string; shape: string; user: number; room: number }],
      { one: number }
    >(
      `SELECT 1 AS one FROM rooms WHERE kind = 'public' AND name_key = @key AND id <> @room
       UNION ALL
       SELECT 1 FROM rooms WHERE kind = 'public' AND shape_key = @shape AND id <> @room
       UNION ALL
       SELECT 1 FROM members m JOIN rooms r ON r.id = m.room_id
       WHERE m.user_id = @user AND r.kind = 'private' AND r.id <> @room
         AND (r.name_key = @key OR r.shape_key = @shape)
       LIMIT 1`,
    ),
    rename: db.prepare<[string, string, string, number]>(
      'UPDATE rooms SET name = ?, name_key = ?, shape_key = ? WHERE id = ?',
    ),
    setTopic: db.prepare<[string, number]>('UPDATE rooms SET topic = ? WHERE id = ?'),
    archive: db.prepare<[number, number]>(
      'UPDATE rooms SET archived_at = ? WHERE id = ? AND archived_at IS NULL',
    ),
    unarchive: db.prepare<[number]>(
      'UPDATE rooms SET archived_at = NULL WHERE id = ? AND archived_at IS NOT NULL',
    ),
    noteRemoval: db.prepare<[number, number, number, number]>(
      `INSERT INTO room_removals (room_id, user_id, removed_by, removed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET removed_by = excluded.removed_by, removed_at = excluded.removed_at`,
    ),
    removed: db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM room_removals WHERE room_id = ? AND user_id = ?',
    ),
  };
  const dropRoom = roomDropper(db);
  const leave = memberRemover(db);

  const update = db.transaction(
    (u: Parameters<RoomAdminStore['updateRoom']>[0]): RoomUpdateOutcome => {
      const room = q.current.get(u.roomId);
      if (!room) return { ok: false, reason: 'not_found' };
      let changed = false;
      if (u.name !== undefined && u.name !== room.name) {
        const { folded: key, shape } = nameKeys(u.name);
        if (q.lookAlikeInSight.get({ key, shape, user: u.actorId, room: u.roomId }))
          return { ok: false, reason: 'name_taken' };
        q.rename.run(u.name, key, shape, u.roomId);
        changed = true;
      }
      if (u.topic !== undefined && u.topic !== room.topic) {
        q.setTopic.run(u.topic, u.roomId);
        changed = true;
      }
      return { ok: true, changed };
    },
  );
  const remove = db.transaction((roomId: number) =>
    q.facts.get(roomId) ? dropRoom(roomId) : undefined,
  );
  const removeFromRoom = db.transaction((r: Parameters<RoomAdminStore['removeFromRoom']>[0]) => {
    const outcome = leave(r.roomId, r.userId);
    // Only while the room exists: a dropped room has nothing to come back to.
    if (outcome.status === 'left') q.noteRemoval.run(r.roomId, r.userId, r.removedBy, r.now);
    return outcome;
  });

  return {
    async roomAdminFacts(roomId) {
      const row = q.facts.get(roomId);
      return row && toRoomAdminFacts(row);
    },
    async isRoomArchived(roomId) {
      return archivedIds.has(roomId);
    },
    async updateRoom(u) {
      try {
        return update(u);
      } catch (error) {
        // The check and the unique indexes agree; where they do not, the index decides.
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    async setRoomArchived(roomId, archived, now) {
      const result = archived ? q.archive.run(now, roomId) : q.unarchive.run(roomId);
      // Kept in step with the row once it is written (one statement: its own commit).
      if (result.changes > 0) {
        if (archived) archivedIds.add(roomId);
        else archivedIds.delete(roomId);
      }
      return result.changes > 0;
    },
    async deleteRoom(roomId) {
      const deleted = remove(roomId);
      archivedIds.delete(roomId);
      return deleted;
    },
    async removeFromRoom(removal) {
      return removeFromRoom(removal);
    },
    async wasRemoved(roomId, userId) {
      return q.removed.get(roomId, userId) !== undefined;
    },
    joinPublicRoom: sqlitePublicJoin(db),
  };
}
