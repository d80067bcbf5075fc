import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Writes messages straight into a running server's database (WAL lets a second connection write
 * while it runs), as long-room.spec.ts does: hundreds of messages in a moment, where sending
 * them would wait out the rate limit. Returns their ids, in order. Readers see them on their
 * next load of the room (a reload), not live.
 */
export function seedMessages(
  dataDir: string,
  { roomId, authorId, texts }: { roomId: number; authorId: number; texts: string[] },
): number[] {
  const db = new Database(join(dataDir, 'parley.db'));
  try {
    const insert = db.prepare(
      'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const start = Date.now() - texts.length * 1000;
    return db.transaction(() => {
      const ids = texts.map((text, i) => {
        const at = start + i * 1000;
        return Number(
          insert.run(roomId, authorId, text, `seed-${roomId}-${at}-${i}`, at).lastInsertRowid,
        );
      });
      db.prepare(
        'UPDATE rooms SET last_message_id = (SELECT MAX(id) FROM messages WHERE room_id = ?) WHERE id = ?',
      ).run(roomId, roomId);
      return ids;
    })();
  } finally {
    db.close();
  }
}

/** The id of a room, by name, in a running server's database. */
export function roomIdOf(dataDir: string, name: string): number {
  const db = new Database(join(dataDir, 'parley.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT id FROM rooms WHERE name = ?').get(name) as { id: number };
    return row.id;
  } finally {
    db.close();
  }
}
