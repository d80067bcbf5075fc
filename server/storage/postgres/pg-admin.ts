import type pg from 'pg';
import { toEntry, type AuditRow } from '../sqlite/admin-rows.js';
import type { ServerSettings } from '../../protocol.js';
import type { AdminStore } from '../admin-store.js';
import { pgAdminUsers } from './pg-admin-users.js';
import { pgInviteCodes } from './pg-invite-codes.js';
import { pgModeration } from './pg-moderation.js';

/**
 * AdminStore in PostgreSQL, with the rules of sqlite-admin.ts: settings by key (JSON values),
 * the append-only audit log, and (in their own files) the admin panel's users, bans and roles,
 * and the server invite codes.
 */
export function pgAdmin(pool: pg.Pool): AdminStore {
  return {
    async addAudit(r) {
      await pool.query(
        `INSERT INTO audit_log (at, actor_id, action, target_kind, target_id, target_label, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          r.at,
          r.actorId,
          r.action,
          r.target?.kind ?? null,
          r.target?.id ?? null,
          r.target?.label ?? '',
          r.detail ?? '',
        ],
      );
    },
    async auditPage({ before, limit }) {
      const rows = await pool.query<AuditRow>(
        `SELECT a.*, u.username, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2`,
        [before ?? Number.MAX_SAFE_INTEGER, limit + 1],
      );
      const more = rows.rows.length > limit;
      const entries = rows.rows.slice(0, limit).map(toEntry);
      return { entries, nextCursor: more ? (entries.at(-1)?.id ?? null) : null };
    },
    async readSettings() {
      const rows = await pool.query<{ key: string; value: string }>(
        'SELECT key, value FROM settings',
      );
      const out: Record<string, unknown> = {};
      for (const row of rows.rows) out[row.key] = JSON.parse(row.value) as unknown;
      return out as Partial<ServerSettings>;
    },
    async writeSettings(patch) {
      const set = Object.entries(patch).filter(([, value]) => value !== undefined);
      if (set.length === 0) return;
      // An upsert per key, never a rewrite of the whole: two nodes patching different keys at
      // once both keep theirs. One statement with the keys sorted, so that two patches of the
      // same keys lock their rows in the same order and cannot deadlock.
      set.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      await pool.query(
        `INSERT INTO settings (key, value) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [set.map(([key]) => key), set.map(([, value]) => JSON.stringify(value))],
      );
    },
    ...pgAdminUsers(pool),
    ...pgInviteCodes(pool),
    ...pgModeration(pool),
  };
}
