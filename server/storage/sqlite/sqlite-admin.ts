import type { Database } from 'better-sqlite3';
import type { ServerSettings } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';
import { toEntry, type AuditRow } from './admin-rows.js';
import { sqliteAdminUsers } from './sqlite-admin-users.js';
import { sqliteInviteCodes } from './sqlite-invite-codes.js';
import { sqliteModeration } from './sqlite-moderation.js';

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
