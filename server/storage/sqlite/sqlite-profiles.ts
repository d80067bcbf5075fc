import type { Database } from 'better-sqlite3';
import type { ProfileStore } from '../profile-store.js';

/** ProfileStore in SQLite. */
export function sqliteProfiles(db: Database): ProfileStore {
  void db;
  const missing = () => Promise.reject(new Error('profiles: not implemented yet'));
  return { profiles: missing, updateProfile: missing, setAvatar: missing };
}
