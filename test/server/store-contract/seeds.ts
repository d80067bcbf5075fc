import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_FILE } from '../../../server/storage/sqlite/sqlite-store.js';

/**
 * Rows written straight into the database (messages with a reaction and a mention), so that
 * the room contract can test what rooms do with them: a dropped room takes its messages.
 * Once those slices land, their store methods replace these.
 */
export interface Seeds {
  /**
   * A message in the room, with a reaction of its author, mentioning `mentioned` when given;
   * resolves with its id.
   */
  message(roomId: number, authorId: number, mentioned?: number): Promise<number>;
  /**
   * Runs one statement that both engines read alike (`?` placeholders), for rows and changes
   * no store of every kind writes yet; resolves with the `id`s it returns.
   */
  sql(statement: string, params: unknown[]): Promise<{ id: number }[]>;
}

/** Runs one statement with `?` placeholders; resolves with its rows. */
type Run = (sql: string, params: unknown[]) => Promise<{ id: number }[]>;

function seeds(run: Run): Seeds {
  let clientIds = 0;
  return {
    async message(roomId, authorId, mentioned) {
      const [made] = await run(
        `INSERT INTO messages (room_id, author_id, text, client_id, created_at)
         VALUES (?, ?, 'hi', ?, 0) RETURNING id`,
        [roomId, authorId, `seed-${++clientIds}`],
      );
      if (!made) throw new Error('no message');
      await run(
        `INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, '👍', ?, 0)`,
        [made.id, authorId],
      );
      if (mentioned !== undefined)
        await run('INSERT INTO mentions (user_id, room_id, message_id) VALUES (?, ?, ?)', [
          mentioned,
          roomId,
          made.id,
        ]);
      return made.id;
    },
    sql: run,
  };
}

/** Seeds for the SQLite database in `dir`, through a connection of their own. */
export function sqliteSeeds(dir: string): Seeds {
  return seeds(async (sql, params) => {
    const db = new Sqlite(join(dir, DATABASE_FILE));
    try {
      const statement = db.prepare(sql);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return statement.all(...params) as { id: number }[];
    } finally {
      db.close();
    }
  });
}

/** Seeds for the PostgreSQL database at `url`, through a connection of their own. */
export function postgresSeeds(url: string): Seeds {
  return seeds(async (sql, params) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let n = 0;
      const numbered = sql.replace(/\?/g, () => `$${++n}`);
      const rows = (await client.query<{ id: string }>(numbered, params)).rows;
      return rows.map((row) => ({ id: Number(row.id) }));
    } finally {
      await client.end();
    }
  });
}
