import type { Database } from 'better-sqlite3';

/** A room's change feed numbers (`rooms.change_seq`), for every store part that writes or reads it. */
export interface ChangeNumbers {
  /** Takes the room's next change number; run inside the change's own transaction. */
  next(roomId: number): number;
  /** The room's current change number; undefined for a room that does not exist. */
  current(roomId: number): number | undefined;
}

export function changeNumbers(db: Database): ChangeNumbers {
  const next = db.prepare<[number], { change_seq: number }>(
    'UPDATE rooms SET change_seq = change_seq + 1 WHERE id = ? RETURNING change_seq',
  );
  const current = db.prepare<[number], { change_seq: number }>(
    'SELECT change_seq FROM rooms WHERE id = ?',
  );
  return {
    next: (roomId) => next.get(roomId)?.change_seq ?? 0,
    current: (roomId) => current.get(roomId)?.change_seq,
  };
}
