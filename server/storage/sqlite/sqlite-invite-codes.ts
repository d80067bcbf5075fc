import type { Database } from 'better-sqlite3';
import type { InviteCode } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';

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

/**
 * An invite's public id: the first 8 bytes of its stored hash (SHA-256, kept as base64url), in
 * hex. It names the code without revealing it.
 */
export function inviteId(hash: string): string {
  return Buffer.from(hash, 'base64url').subarray(0, 8).toString('hex');
}

/** The base64url prefix every hash with this id starts with (60 of its 64 bits). */
function hashPrefix(id: string): string {
  return Buffer.from(id, 'hex').toString('base64url').slice(0, 10);
}

type InviteAdministration = Pick<
  AdminStore,
  'createInviteCode' | 'inviteCodes' | 'revokeInviteCode'
>;

/** Server invite codes for the admin panel; registration spends them (sqlite-accounts.ts). */
export function sqliteInviteCodes(db: Database): InviteAdministration {
  const q = {
    insert: db.prepare<[string, number, number, number, number | null, string]>(
      `INSERT INTO invites (hash, created_by, expires_at, created_at, max_uses, hint)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    byHash: db.prepare<[string], InviteRow>(`${SELECT} WHERE i.hash = ?`),
    list: db.prepare<[number], InviteRow>(
      `${SELECT} WHERE i.expires_at > ? ORDER BY i.created_at DESC, i.rowid DESC`,
    ),
    // '~' sorts after every base64url character: a range scan of the primary key.
    withPrefix: db.prepare<[string, string], InviteRow>(
      `${SELECT} WHERE i.hash >= ? AND i.hash < ?`,
    ),
    revoke: db.prepare<[number, string]>(
      'UPDATE invites SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL',
    ),
  };
  const revoke = db.transaction((id: string, now: number): InviteCode | undefined => {
    const prefix = hashPrefix(id);
    const row = q.withPrefix.all(prefix, `${prefix}~`).find((r) => inviteId(r.hash) === id);
    if (!row) return undefined;
    q.revoke.run(now, row.hash);
    return toInviteCode(q.byHash.get(row.hash) ?? row);
  });

  return {
    async createInviteCode(invite) {
      q.insert.run(
        invite.hash,
        invite.createdBy,
        invite.expiresAt,
        invite.createdAt,
        invite.maxUses,
        invite.hint,
      );
      const row = q.byHash.get(invite.hash);
      if (!row) throw new Error('the invite just stored is missing');
      return toInviteCode(row);
    },
    async inviteCodes(expiringAfter) {
      return q.list.all(expiringAfter).map(toInviteCode);
    },
    async revokeInviteCode(id, now) {
      return revoke(id, now);
    },
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
