import type pg from 'pg';
import type { InviteCode } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';
import { inviteId } from '../sqlite/sqlite-invite-codes.js';
import { inTransaction, one } from './pg-pool.js';

interface InviteRow {
  hash: string;
  hint: string;
  created_by: number;
  username: string | null;
  display_name: string | null;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
}

const SELECT = `SELECT i.hash, i.hint, i.created_by, u.username, u.display_name, i.created_at,
    i.expires_at, i.max_uses, i.uses, i.revoked_at
  FROM invites i LEFT JOIN users u ON u.id = i.created_by`;

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

function toInviteCode(row: InviteRow): InviteCode {
  return {
    id: inviteId(row.hash),
    hint: row.hint,
    createdBy:
      row.username === null
        ? null
        : {
            id: row.created_by,
            username: row.username,
            displayName: row.display_name ?? row.username,
          },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    uses: row.uses,
    revoked: row.revoked_at !== null,
  };
}
