import type {
  AdminUsersPage,
  AuditAction,
  AuditEntry,
  AuditPage,
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

/**
 * Storage of administration: the settings an owner changes while the server runs, and the
 * append-only audit log. Every admin action in server/ (HTTP or socket) calls `addAudit` after
 * its change is committed.
 */
export interface AdminStore {
  addAudit(record: AuditRecord): Promise<void>;
  /** Newest first; `before` is an entry id. */
  auditPage(query: { before?: number; limit: number }): Promise<AuditPage>;
  /** The settings stored so far; keys never set are absent (they come from the options). */
  readSettings(): Promise<Partial<ServerSettings>>;
  writeSettings(patch: Partial<ServerSettings>): Promise<void>;
  /** The admin panel's user list (see `AdminUsersRequest`); `online` is filled in by the caller. */
  adminUsers(query: { query?: string; after?: number; limit: number }): Promise<AdminUsersPage>;
}
