import type {
  AdminUser,
  AdminUsersPage,
  AuditAction,
  AuditEntry,
  AuditPage,
  InviteCode,
  Role,
  ServerSettings,
} from '../protocol.js';

/** One admin action to record (see `AuditEntry`). */
export interface AuditRecord {
  actorId: number;
  action: AuditAction;
  target: AuditEntry['target'];
  /** Human-readable specifics; '' when there are none. */
  detail?: string;
  at: number;
}

/** A server invite code to store: only its hash, never the code. */
export interface NewInviteCode {
  hash: string;
  /** The code's first characters, shown in lists so that people can tell codes apart. */
  hint: string;
  createdBy: number;
  createdAt: number;
  expiresAt: number;
  /** null: unlimited uses until it expires. */
  maxUses: number | null;
}

/**
 * A guarded moderation write: done (with what it tells), or refused with nothing changed because
 * the actor may not act (`actor`), the target is unknown or deleted (`target`), or the actor does
 * not outrank the target (`rank`, with the target's role for the message).
 */
export type ModerationOutcome<T> =
  | ({ ok: true } & T)
  | { ok: false; refused: 'actor' }
  | { ok: false; refused: 'target' }
  | { ok: false; refused: 'rank'; targetRole: Role };

/**
 * Storage of administration: the settings an owner changes while the server runs, the
 * append-only audit log, the admin panel's user list, roles, bans and server invite codes.
 * Every admin action in server/ (HTTP or socket) calls `addAudit` after its change is committed.
 */
export interface AdminStore {
  addAudit(record: AuditRecord): Promise<void>;
  /** Newest first; `before` is an entry id. */
  auditPage(query: { before?: number; limit: number }): Promise<AuditPage>;
  /** The settings stored so far; keys never set are absent (they come from the options). */
  readSettings(): Promise<Partial<ServerSettings>>;
  writeSettings(patch: Partial<ServerSettings>): Promise<void>;
  /**
   * The admin panel's user list (see `AdminUsersRequest`), by id; `query` matches usernames and
   * display names, case-insensitively, as plain text. `online` is false: the caller fills it in.
   */
  adminUsers(query: { query?: string; after?: number; limit: number }): Promise<AdminUsersPage>;
  /** One user as `adminUsers` lists them; undefined for an unknown id. */
  adminUser(userId: number): Promise<AdminUser | undefined>;
  /**
   * In one transaction, with actor and target read afresh: refused unless the actor is an admin
   * or the owner (not banned or deleted) and outranks the target (`outranks`, so never the
   * owner). Then bans (with a reason, '' for none) or unbans and clears the reason. A ban also
   * revokes every session of the target, deletes the reset code for their password, and takes
   * back what they handed out (reset codes deleted, usable invite codes revoked).
   */
  banUser(ban: {
    actorId: number;
    targetId: number;
    banned: boolean;
    reason: string;
    now: number;
  }): Promise<ModerationOutcome<{ sessions: number[] }>>;
  /**
   * In one transaction, with actor and target read afresh: refused unless the actor is the owner
   * (not banned) and the target another live account. Sets the `admin` role on or off; a change
   * deletes the reset code for the target's password, and a demotion takes back what they
   * handed out as an admin (reset codes deleted, usable invite codes revoked).
   */
  setUserRole(change: {
    actorId: number;
    targetId: number;
    role: 'admin' | 'member';
    now: number;
  }): Promise<ModerationOutcome<{ before: Role }>>;
  /** Stores when users were last seen (ms), in one transaction; an older time never wins. */
  recordLastSeen(seen: ReadonlyMap<number, number>): Promise<void>;
  createInviteCode(invite: NewInviteCode): Promise<InviteCode>;
  /** Codes that expire after `expiringAfter` (ms), newest first. */
  inviteCodes(expiringAfter: number): Promise<InviteCode[]>;
  /** Revokes the code with this id (see `InviteCode.id`); undefined when there is none. */
  revokeInviteCode(id: string, now: number): Promise<InviteCode | undefined>;
}
