import type { Database } from 'better-sqlite3';
import type { SecurityStore } from '../security-store.js';

/** SecurityStore in SQLite. */
export function sqliteSecurity(db: Database): SecurityStore {
  void db;
  return {} as SecurityStore;
}
