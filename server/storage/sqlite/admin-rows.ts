import {
  DELETED_USER_NAME,
  type AdminUser,
  type AuditAction,
  type AuditEntry,
  type InviteCode,
} from '../../protocol.js';
import { toUser, type UserRow } from './rows.js';

/**
 * The administration rows as both stores read them (the PostgreSQL store selects the same
 * columns, flags as 0 or 1), and their mapping to protocol shapes: one mapping, two stores.
 */

/** An audit log row joined with its actor (alias columns `username`, `display_name`). */
export interface AuditRow {
  id: number;
  at: number;
  actor_id: number | null;
  username: string | null;
  display_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_label: string;
  detail: string;
}

/** An audit entry as clients see it. */
export function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor:
      row.actor_id === null
        ? null
        : { id: row.actor_id, username: row.username ?? '', displayName: row.display_name ?? '' },
    action: row.action as AuditAction,
    target:
      row.target_kind === null
        ? null
        : {
            kind: row.target_kind as NonNullable<AuditEntry['target']>['kind'],
            id: row.target_id ?? '',
            label: row.target_label,
          },
    detail: row.detail,
  };
}

/** A user row with what the admin panel shows. */
export interface AdminUserRow extends UserRow {
  status_emoji: string;
  status_text: string;
  avatar: string | null;
  ban_reason: string | null;
  last_seen_at: number | null;
  deleted_at: number | null;
  created_at: number;
}

/** A user as the admin panel lists them; `online` is filled in by the caller. */
export function toAdminUser(row: AdminUserRow): AdminUser {
  const deleted = row.deleted_at !== null;
  return {
    ...toUser(row),
    ...(deleted ? { displayName: DELETED_USER_NAME, deleted: true as const } : {}),
    avatar: row.avatar,
    status: { emoji: row.status_emoji, text: row.status_text },
    banned: row.banned !== 0,
    banReason: row.ban_reason,
    lastSeenAt: row.last_seen_at,
    online: false,
    createdAt: row.created_at,
  };
}

/** An invite row joined with its maker (`SELECT_INVITES`). */
export interface InviteRow {
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

/** Invites with their makers' names. */
export const SELECT_INVITES = `SELECT i.hash, i.hint, i.created_by, u.username, u.display_name, i.created_at,
    i.expires_at, i.max_uses, i.uses, i.revoked_at
  FROM invites i LEFT JOIN users u ON u.id = i.created_by`;

/**
 * An invite's public id: the first 8 bytes of its stored hash (SHA-256, kept as base64url), in
 * hex. It names the code without revealing it.
 */
export function inviteId(hash: string): string {
  return Buffer.from(hash, 'base64url').subarray(0, 8).toString('hex');
}

/** An invite code as the admin panel shows it. */
export function toInviteCode(row: InviteRow): InviteCode {
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
