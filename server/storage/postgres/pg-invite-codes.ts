import type pg from 'pg';
import type { AdminStore } from '../admin-store.js';
import {
  inviteId,
  SELECT_INVITES as SELECT,
  toInviteCode,
  type InviteRow,
} from '../sqlite/admin-rows.js';
import { inTransaction, one } from './pg-pool.js';

/** The base64url start of every hash with this id (60 of its 64 bits; see `inviteId`). */
const hashPrefix = (id: string): string =>
  Buffer.from(id, 'hex').toString('base64url').slice(0, 10);

type InviteAdministration = Pick<
  AdminStore,
  'createInviteCode' | 'inviteCodes' | 'revokeInviteCode'
>;

/** Server invite codes, as sqlite-invite-codes.ts; registration spends them (pg-accounts.ts). */
export function pgInviteCodes(pool: pg.Pool): InviteAdministration {
  return {
    async createInviteCode(invite) {
      await pool.query(
        `INSERT INTO invites (hash, created_by, expires_at, created_at, max_uses, hint)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          invite.hash,
          invite.createdBy,
          invite.expiresAt,
          invite.createdAt,
          invite.maxUses,
          invite.hint,
        ],
      );
      const row = await one<InviteRow>(pool, `${SELECT} WHERE i.hash = $1`, [invite.hash]);
      if (!row) throw new Error('the invite just stored is missing');
      return toInviteCode(row);
    },
    async inviteCodes(expiringAfter) {
      const rows = await pool.query<InviteRow>(
        `${SELECT} WHERE i.expires_at > $1 ORDER BY i.created_at DESC, i.seq DESC`,
        [expiringAfter],
      );
      return rows.rows.map(toInviteCode);
    },
    revokeInviteCode: (id, now) =>
      inTransaction(pool, async (db) => {
        // Locked as it is read, as registration locks the code it checks (pg-accounts.ts): a
        // registration spending it on another node finishes first, and the uses read here
        // count it; one that starts later waits, then finds the code revoked. Unlocked, this
        // could read the uses before a registration that then commits, and report a stale count.
        const rows = await db.query<InviteRow>(
          `${SELECT} WHERE left(i.hash, 10) = $1 FOR UPDATE OF i`,
          [hashPrefix(id)],
        );
        const row = rows.rows.find((r) => inviteId(r.hash) === id);
        if (!row) return undefined;
        if (row.revoked_at !== null) return toInviteCode(row);
        await db.query('UPDATE invites SET revoked_at = $1 WHERE hash = $2', [now, row.hash]);
        return toInviteCode({ ...row, revoked_at: now });
      }),
  };
}
