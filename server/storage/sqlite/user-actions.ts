import type { Database } from 'better-sqlite3';

const HOUR_MS = 3_600_000;

/** An action limited per user and rolling hour; stored, so that restarts do not reset it. */
export type LimitedAction = 'room' | 'invite';

/**
 * The last hour of each user's limited actions (the `user_actions` table). Every check first
 * drops that user's entries older than an hour, so the table holds at most `perHour` rows per
 * user and action. Call both functions inside the transaction that performs the action.
 */
export function userActions(db: Database) {
  const q = {
    prune: db.prepare<[number, string, number]>(
      'DELETE FROM user_actions WHERE user_id = ? AND action = ? AND at <= ?',
    ),
    recent: db.prepare<[number, string], { n: number; oldest: number | null }>(
      'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM user_actions WHERE user_id = ? AND action = ?',
    ),
    record: db.prepare<[number, string, number]>(
      'INSERT INTO user_actions (user_id, action, at) VALUES (?, ?, ?)',
    ),
  };
  return {
    /** How long the user must wait before doing `action` once more; 0 when they may now. */
    waitMs(userId: number, action: LimitedAction, perHour: number, now: number): number {
      q.prune.run(userId, action, now - HOUR_MS);
      const recent = q.recent.get(userId, action);
      if (!recent || recent.n < perHour) return 0;
      return Math.max(1, (recent.oldest ?? now) + HOUR_MS - now);
    },
    record(userId: number, action: LimitedAction, now: number): void {
      q.record.run(userId, action, now);
    },
  };
}
