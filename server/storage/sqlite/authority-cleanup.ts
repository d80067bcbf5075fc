import type { Database } from 'better-sqlite3';

/** What account changes take away from codes, run inside the change's own transaction. */
export interface AuthorityCleanup {
  /** Deletes the reset code for this user's password (their role, owner or password changed). */
  forgetResetsFor(userId: number): void;
  /**
   * Takes back what this user handed out as an admin (they were demoted, banned or deleted):
   * deletes the reset codes they made and revokes their invite codes that could still be used.
   * Revoked (at `revokeInvitesAt`), not deleted: the admin panel still shows each code's fate.
   * With `revokeInvitesAt` null, invite codes stay (an owner who became an admin keeps them).
   */
  withdrawIssued(userId: number, revokeInvitesAt: number | null): void;
}

/** {@link AuthorityCleanup} in SQLite; prepare once per store. */
export function authorityCleanup(db: Database): AuthorityCleanup {
  const q = {
    resetsFor: db.prepare<[number]>('DELETE FROM password_resets WHERE user_id = ?'),
    resetsBy: db.prepare<[number]>('DELETE FROM password_resets WHERE created_by = ?'),
    invitesBy: db.prepare<[number, number, number]>(
      `UPDATE invites SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL
         AND expires_at > ? AND (max_uses IS NULL OR uses < max_uses)`,
    ),
  };
  return {
    forgetResetsFor(userId) {
      q.resetsFor.run(userId);
    },
    withdrawIssued(userId, revokeInvitesAt) {
      q.resetsBy.run(userId);
      if (revokeInvitesAt !== null) q.invitesBy.run(revokeInvitesAt, userId, revokeInvitesAt);
    },
  };
}
