import type { Database } from 'better-sqlite3';
import type { AuditAction, AuditEntry, ServerSettings } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';
import { sqliteAdminUsers } from './sqlite-admin-users.js';
import { sqliteInviteCodes } from './sqlite-invite-codes.js';
import { sqliteModeration } from './sqlite-moderation.js';

interface AuditRow {
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

/**
 * AdminStore in SQLite: settings by key (JSON values), the append-only audit log, and (in their
 * own files) the admin panel's users and the server invite codes.
 */
export function sqliteAdmin(db: Database): AdminStore {
  const q = {
    settings: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
    putSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    addAudit: db.prepare<[number, number, string, string | null, string | null, string, string]>(
      `INSERT INTO audit_log (at, actor_id, action, target_kind, target_id, target_label, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: db.prepare<[number, number], AuditRow>(
      `SELECT a.*, u.username, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`,
    ),
  };
  const writeSettings = db.transaction((patch: Partial<ServerSettings>) => {
    for (const [key, value] of Object.entries(patch))
      if (value !== undefined) q.putSetting.run(key, JSON.stringify(value));
  });

  return {
    async addAudit(r) {
      const target = r.target;
      q.addAudit.run(
        r.at,
        r.actorId,
        r.action,
        target?.kind ?? null,
        target?.id ?? null,
        target?.label ?? '',
        r.detail ?? '',
      );
    },
    async auditPage({ before, limit }) {
      const rows = q.audit.all(before ?? Number.MAX_SAFE_INTEGER, limit + 1);
      const more = rows.length > limit;
      const entries = rows.slice(0, limit).map(toEntry);
      return { entries, nextCursor: more ? (entries.at(-1)?.id ?? null) : null };
    },
    async readSettings() {
      const out: Record<string, unknown> = {};
      for (const row of q.settings.all()) out[row.key] = JSON.parse(row.value) as unknown;
      return out as Partial<ServerSettings>;
    },
    async writeSettings(patch) {
      writeSettings(patch);
    },
    ...sqliteAdminUsers(db),
    ...sqliteInviteCodes(db),
    ...sqliteModeration(db),
  };
}

function toEntry(row: AuditRow): AuditEntry {
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
