import type { Database } from 'better-sqlite3';
import { UNREAD_CAP, type NotifyLevel, type ReadState } from '../../protocol.js';
import type { MessageStore } from '../store.js';

type ReadStates = Pick<MessageStore, 'readState' | 'markRead' | 'setNotify'>;
type Write = <T>(write: () => T) => Promise<T>;

/**
 * Reads a member's read state: their position, notification level, and what is unread, counted
 * by index ranges that stop at UNREAD_CAP, so that a room left unread for a year costs no more
 * than one left for a day.
 */
export function readStateReader(
  db: Database,
): (roomId: number, userId: number) => ReadState | undefined {
  const q = {
    member: db.prepare<
      [number, number],
      { last_read_id: number; notify: string | null; kind: string }
    >(
      `SELECT mb.last_read_id, mb.notify, r.kind FROM members mb JOIN rooms r ON r.id = mb.room_id
       WHERE mb.room_id = ? AND mb.user_id = ?`,
    ),
    unread: db.prepare<[number, number, number], { n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages m
         WHERE m.room_id = ? AND m.id > ? AND m.author_id <> ? AND m.deleted_at IS NULL
           AND (m.thread_id IS NULL OR m.also_to_room = 1) LIMIT ${UNREAD_CAP})`,
    ),
    mentions: db.prepare<[number, number, number, number, number, number], { n: number }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT message_id FROM mentions WHERE user_id = ? AND room_id = ? AND message_id > ?
         UNION
         SELECT m.id FROM messages m
         WHERE m.room_id = ? AND m.id > ? AND m.mentions_room = 1 AND m.author_id <> ?
         LIMIT ${UNREAD_CAP})`,
    ),
  };
  return (roomId, userId) => {
    const member = q.member.get(roomId, userId);
    if (!member) return undefined;
    const after = member.last_read_id;
    return {
      lastReadId: after,
      unread: q.unread.get(roomId, after, userId)?.n ?? 0,
      mentions: q.mentions.get(userId, roomId, after, roomId, after, userId)?.n ?? 0,
      notify:
        (member.notify as NotifyLevel | null) ?? (member.kind === 'direct' ? 'all' : 'mentions'),
    };
  };
}

/** Read positions and notification levels, per member, in SQLite. */
export function readStates(db: Database, write: Write): ReadStates {
  const read = readStateReader(db);
  const q = {
    // Forward only, and never past the room's newest message (thread replies included).
    mark: db.prepare<[number, number, number, number]>(
      `UPDATE members SET last_read_id = MAX(last_read_id,
         MIN(?, COALESCE((SELECT MAX(id) FROM messages WHERE room_id = ?), 0)))
       WHERE room_id = ? AND user_id = ?`,
    ),
    notify: db.prepare<[string, number, number]>(
      'UPDATE members SET notify = ? WHERE room_id = ? AND user_id = ?',
    ),
  };
  return {
    async readState(roomId, userId) {
      return read(roomId, userId);
    },
    markRead: (roomId, userId, messageId) =>
      write(() => {
        q.mark.run(messageId, roomId, roomId, userId);
        return read(roomId, userId);
      }),
    setNotify: (roomId, userId, level) =>
      write(() => {
        q.notify.run(level, roomId, userId);
        return read(roomId, userId);
      }),
  };
}
