import type { Database } from 'better-sqlite3';
import type { OpenDirectOutcome, RoomStore } from '../store.js';
import { userActions } from './user-actions.js';

type OpenDirect = Parameters<RoomStore['openDirect']>[0];
/** What the transaction decides; the caller loads the room. */
type Opened = Exclude<OpenDirectOutcome, { ok: true }> | { ok: true; id: number; changed: boolean };

/**
 * `dm:open` in one transaction, so that a block or a quota is checked against the same state
 * the room is created or refilled in. `insertRoom` is sqlite-rooms.ts's, which keeps room ids
 * unique for ever; the caller loads the room by the id returned.
 */
export function openDirectRoom(
  db: Database,
  insertRoom: (key: string, now: number) => number,
): (open: OpenDirect) => Opened {
  const actions = userActions(db);
  const q = {
    directByKey: db.prepare<[string], { id: number }>('SELECT id FROM rooms WHERE direct_key = ?'),
    blocked: db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM blocks WHERE blocker_id = ? AND blocked_id = ?',
    ),
    // Any block, either way, between two of the people: nobody is put in a group with someone
    // they blocked or who blocked them (a group would otherwise carry what the block stops).
    blockAmong: db.prepare<[{ ids: string }], { one: number }>(
      `SELECT 1 AS one FROM blocks
       WHERE blocker_id IN (SELECT value FROM json_each(@ids))
         AND blocked_id IN (SELECT value FROM json_each(@ids)) LIMIT 1`,
    ),
    addMember: db.prepare<[number, number, number]>(
      'INSERT OR IGNORE INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    ),
  };

  return db.transaction((open: OpenDirect): Opened => {
    // The sorted ids name the set: two people keep the `min:max` key direct rooms always had.
    const ids = [...new Set(open.userIds)].sort((x, y) => x - y);
    if (ids.length < 2) throw new Error('a direct room needs two people');
    const group = ids.length > 2;
    if (group) {
      if (q.blockAmong.get({ ids: JSON.stringify(ids) })) return { ok: false, reason: 'blocked' };
    } else {
      // Between two, only the blocked person is turned away: the blocker still reads the room.
      const other = ids[0] === open.openedBy ? ids[1] : ids[0];
      if (other !== undefined && q.blocked.get(other, open.openedBy))
        return { ok: false, reason: 'blocked' };
    }
    const key = ids.join(':');
    const existing = q.directByKey.get(key);
    if (existing) {
      // Someone who left a group is back when its set is opened again.
      let changed = false;
      for (const id of ids)
        changed = q.addMember.run(existing.id, id, open.now).changes > 0 || changed;
      return { ok: true, id: existing.id, changed };
    }
    if (group && open.perHour !== undefined) {
      // A new group lands in the lists of people who did not ask for it: it costs a room.
      const retryAfterMs = actions.waitMs(open.openedBy, 'room', open.perHour, open.now);
      if (retryAfterMs > 0) return { ok: false, reason: 'hourly_quota', retryAfterMs };
      actions.record(open.openedBy, 'room', open.now);
    }
    const id = insertRoom(key, open.now);
    for (const member of ids) q.addMember.run(id, member, open.now);
    return { ok: true, id, changed: true };
  });
}
