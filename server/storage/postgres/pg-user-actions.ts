import type { LimitedAction } from '../sqlite/user-actions.js';
import { one, type Queryable } from './pg-pool.js';

const HOUR_MS = 3_600_000;

/**
 * Takes the user's row lock for the rest of the transaction, so that one user's quota checks run
 * one at a time across every node sharing the database. Under READ COMMITTED two nodes would
 * otherwise both count the same last hour, both find room for one more, and both write.
 *
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`: inserting a row that references a user (a member, a
 * room's creator) takes `FOR KEY SHARE` on that user, which `FOR UPDATE` blocks but `NO KEY
 * UPDATE` does not. With `FOR UPDATE`, two nodes opening conversations for two people at once,
 * each holding one person's lock and adding the other as a member, would deadlock.
 */
export async function lockUser(db: Queryable, userId: number): Promise<void> {
  await db.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
}

/**
 * {@link lockUser} for several users at once, in ascending id order, the order every writer of
 * several users takes, so that two of them cannot deadlock. One locking SELECT: it sorts before
 * it locks (an `UPDATE … FROM` would lock in whatever order its join yields).
 */
export async function lockUsers(db: Queryable, userIds: readonly number[]): Promise<void> {
  await db.query('SELECT 1 FROM users WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE', [
    userIds,
  ]);
}

/**
 * How long the user must wait before doing `action` once more; 0 when they may now. The rule
 * of sqlite/user-actions.ts: entries older than an hour are dropped first. Call it inside the
 * transaction that performs the action, after {@link lockUser} for the same user.
 */
export async function waitMs(
  db: Queryable,
  userId: number,
  action: LimitedAction,
  perHour: number,
  now: number,
): Promise<number> {
  await db.query('DELETE FROM user_actions WHERE user_id = $1 AND action = $2 AND at <= $3', [
    userId,
    action,
    now - HOUR_MS,
  ]);
  const recent = await one<{ n: number; oldest: number | null }>(
    db,
    'SELECT count(*)::int AS n, min(at) AS oldest FROM user_actions WHERE user_id = $1 AND action = $2',
    [userId, action],
  );
  if (!recent || recent.n < perHour) return 0;
  return Math.max(1, (recent.oldest ?? now) + HOUR_MS - now);
}

/** Counts one `action` of the user at `now`, in the transaction that performs it. */
export async function recordAction(
  db: Queryable,
  userId: number,
  action: LimitedAction,
  now: number,
): Promise<void> {
  await db.query('INSERT INTO user_actions (user_id, action, at) VALUES ($1, $2, $3)', [
    userId,
    action,
    now,
  ]);
}
