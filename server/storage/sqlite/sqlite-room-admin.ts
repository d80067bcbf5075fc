import type { Database } from 'better-sqlite3';
import type { RoomAdminStore } from '../room-admin-store.js';

/** RoomAdminStore in SQLite. */
export function sqliteRoomAdmin(db: Database): RoomAdminStore {
  void db;
  return {} as RoomAdminStore;
}
