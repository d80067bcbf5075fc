import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Message } from '../../server/protocol.js';
import { connect, next, register, request, startServer, type Client } from './helpers.js';

export interface Member {
  id: number;
  username: string;
  socket: Client;
}

/** One row of the audit log, as the database holds it. */
export interface AuditRow {
  action: string;
  actor_id: number;
  target_kind: string;
  target_id: string;
  target_label: string;
  detail: string;
}

/**
 * A server and four people, each connected once: `owner` (the first account), `admin` (made an
 * admin in the database, as the owner's `admin:role` would), and two members, `alice` and `bob`.
 * `audit()` reads the audit log straight from the database file.
 */
export async function roomAdminSetup() {
  const { url, dataDir } = await startServer({
    scryptCost: 1024,
    messageRate: { perSecond: 1000, burst: 1000 },
    eventRate: { perSecond: 1000, burst: 1000 },
  });
  const people: Member[] = [];
  for (const username of ['owner', 'admin', 'alice', 'bob']) {
    const pair = await register(url, username);
    people.push({ id: pair.user.id, username, socket: await connect(url, pair.token) });
  }
  const [owner, admin, alice, bob] = people as [Member, Member, Member, Member];
  const db = new Database(join(dataDir, 'parley.db'));
  try {
    db.prepare('UPDATE users SET admin = 1 WHERE id = ?').run(admin.id);
  } finally {
    db.close();
  }
  const audit = (): AuditRow[] => {
    const reader = new Database(join(dataDir, 'parley.db'), { readonly: true });
    try {
      return reader
        .prepare<[], AuditRow>(
          `SELECT action, actor_id, target_kind, target_id, target_label, detail
           FROM audit_log ORDER BY id`,
        )
        .all();
    } finally {
      reader.close();
    }
  };
  /** The first column of the first row of a read-only query on the database file. */
  const count = (sql: string, ...params: unknown[]): number => {
    const reader = new Database(join(dataDir, 'parley.db'), { readonly: true });
    try {
      return reader
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    } finally {
      reader.close();
    }
  };
  return { url, owner, admin, alice, bob, audit, count };
}

/** Makes a room as `creator` and brings `others` into it (public: they join; private: invited). */
export async function roomWith(
  creator: Member,
  name: string,
  others: Member[],
  kind: 'public' | 'private' = 'public',
): Promise<number> {
  const created = await request(creator.socket, 'room:create', { name, kind });
  if (!created.ok) throw new Error(`room:create: ${JSON.stringify(created.error)}`);
  const roomId: number = created.room.id;
  for (const other of others) {
    if (kind === 'private') {
      const sent = await request(creator.socket, 'room:invite', {
        roomId,
        username: other.username,
      });
      if (!sent.ok) throw new Error(`room:invite: ${JSON.stringify(sent.error)}`);
    }
    const event = kind === 'public' ? 'room:join' : 'invite:accept';
    const joined = await request(other.socket, event, { roomId });
    if (!joined.ok) throw new Error(`${event}: ${JSON.stringify(joined.error)}`);
  }
  return roomId;
}

let sends = 0;
/** A send's ack (ok or not). */
export const sendTo = (socket: Client, roomId: number, text: string) =>
  request(socket, 'message:send', { roomId, text, clientId: `ra-${++sends}` });

/** Resolves true if a `message` with `text` reaches the socket within `ms`, false otherwise. */
export function hears(socket: Client, text: string, ms = 400): Promise<boolean> {
  return next<Message>(socket, 'message', (m) => m.text === text, ms).then(
    () => true,
    () => false,
  );
}
