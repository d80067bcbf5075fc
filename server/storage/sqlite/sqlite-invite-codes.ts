import type { Database } from 'better-sqlite3';
import type { InviteCode } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';
import { inviteId, SELECT_INVITES as SELECT, toInviteCode, type InviteRow } from './admin-rows.js';

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
