import type { Database } from 'better-sqlite3';
import { nameKeys } from '../../names.js';

/**
 * Migration: `rooms.name_key` and `rooms.shape_key`, the look-alike keys of each room's name
 * (names.ts), each unique among public rooms, so that the database itself refuses `gеneral`
 * (Cyrillic е), `GENERAL`, `ｇｅｎｅｒａｌ` or `generaI` beside `general`, whoever checks first.
 * Private rooms get keys too; only public rooms are held to them. Direct rooms have none.
 *
 * A public room made before this rule that looks like an older one keeps no key where they
 * collide: it stays, and the older room's key still refuses new look-alikes.
 */
export function addRoomNameKeys(db: Database): void {
  db.exec(
    'ALTER TABLE rooms ADD COLUMN name_key TEXT; ALTER TABLE rooms ADD COLUMN shape_key TEXT',
  );
  const rooms = db
    .prepare<[], { id: number; name: string; kind: string }>(
      `SELECT id, name, kind FROM rooms WHERE kind <> 'direct' ORDER BY id`,
    )
    .all();
  const setKeys = db.prepare<[string | null, string | null, number]>(
    'UPDATE rooms SET name_key = ?, shape_key = ? WHERE id = ?',
  );
  const taken = { folded: new Set<string>(), shape: new Set<string>() };
  /** The key, or null when an older public room holds it already. */
  const claim = (held: Set<string>, key: string) => {
    if (held.has(key)) return null;
    held.add(key);
    return key;
  };
  for (const room of rooms) {
    const { folded, shape } = nameKeys(room.name);
    if (room.kind === 'public')
      setKeys.run(claim(taken.folded, folded), claim(taken.shape, shape), room.id);
    else setKeys.run(folded, shape, room.id);
  }
  db.exec(`
    CREATE UNIQUE INDEX rooms_by_public_key ON rooms(name_key) WHERE kind = 'public';
    CREATE UNIQUE INDEX rooms_by_public_shape ON rooms(shape_key) WHERE kind = 'public';
  `);
}

/** True for the error SQLite raises when an insert breaks a unique index. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
