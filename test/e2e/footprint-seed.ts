import Database from 'better-sqlite3';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { CliServer } from '../cli-server';

/** The footprint scenario's shape (issue 17): what the renderer holds, and its heap goal. */
export const FOOTPRINT = { servers: 5, rooms: 50, messages: 1000, goalMB: 150 } as const;

/** One seeded server: its owner's refresh token is what the stand-in bridge "kept". */
export interface SeededServer {
  server: CliServer;
  name: string;
  refreshToken: string;
}

const PASSWORD = 'correct horse';
const AUTHORS = ['alex', 'bea', 'chen', 'dara'];
const WORDS = (
  'the release build is ready for review after lunch we moved the standup because the ' +
  'staging server needs a restart and the new login page looks fine on my laptop but not ' +
  'on the tablet can someone check the logs from last night before we ship'
).split(' ');

/** A message of 6 to 40 words, now and then with a link or some code, as a busy room has. */
function messageText(i: number): string {
  const length = 6 + ((i * 7919) % 35);
  const words = Array.from({ length }, (_, k) => WORDS[(i * 31 + k * 17) % WORDS.length]);
  const extra =
    i % 9 === 0 ? ' https://example.org/issues/' + i : i % 13 === 0 ? ' `npm test`' : '';
  return `${words.join(' ')}${extra} (#${i})`;
}

async function register(
  url: string,
  username: string,
): Promise<{ token: string; refreshToken: string }> {
  const answer = await fetch(`${url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD, displayName: username.toUpperCase() }),
  });
  if (answer.status !== 201) throw new Error(`register ${username}: ${await answer.text()}`);
  return (await answer.json()) as { token: string; refreshToken: string };
}

type Created = { ok: boolean; error?: { code: string; retryAfterMs?: number } };

/** The owner's rooms through the real `room:create` (the owner has no room quota). */
async function createRooms(url: string, token: string, count: number): Promise<void> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    for (let r = 2; r <= count;) {
      const name = `room-${String(r).padStart(2, '0')}`;
      const answer = (await socket
        .timeout(10_000)
        .emitWithAck('room:create', { name, kind: 'public' })) as Created;
      // Past the per-user event budget (20/s, bursts of 40): wait as told, and ask again.
      if (!answer.ok && answer.error?.code === 'rate_limited')
        await new Promise((resolve) => setTimeout(resolve, answer.error?.retryAfterMs ?? 100));
      else if (!answer.ok) throw new Error(`room:create ${name}: ${JSON.stringify(answer)}`);
      else r++;
    }
  } finally {
    socket.disconnect();
  }
}

/**
 * The messages of #general, written straight into the running server's database as
 * long-room.spec.ts does (the socket's message rate would take minutes): four authors, ten
 * minutes apart, so the room spans a week of day dividers; the owner has read them all.
 */
function seedMessages(dataDir: string, count: number): void {
  const db = new Database(join(dataDir, 'parley.db'));
  try {
    const authors = db
      .prepare<[], { id: number }>('SELECT id FROM users ORDER BY id')
      .all()
      .map((row) => row.id);
    const insert = db.prepare(
      'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (1, ?, ?, ?, ?)',
    );
    const start = Date.now() - count * 600_000;
    db.transaction(() => {
      for (let i = 1; i <= count; i++)
        insert.run(authors[i % authors.length], messageText(i), `seed-${i}`, start + i * 600_000);
      db.prepare(
        'UPDATE rooms SET last_message_id = (SELECT MAX(id) FROM messages) WHERE id = 1',
      ).run();
      db.prepare(
        'UPDATE members SET last_read_id = (SELECT MAX(id) FROM messages) WHERE room_id = 1',
      ).run();
    })();
  } finally {
    db.close();
  }
}

/**
 * Starts the scenario's servers (CLI processes on port 0), each with an owner in
 * `FOOTPRINT.rooms` rooms and `FOOTPRINT.messages` messages in #general. The first also serves
 * the web client: the desktop page's origin, which the others accept.
 */
export async function startSeededServers(
  count: number = FOOTPRINT.servers,
): Promise<SeededServer[]> {
  const seeded: SeededServer[] = [];
  try {
    for (let n = 1; n <= count; n++) {
      const name = `Server ${n}`;
      const first = seeded[0]?.server;
      const args = first ? ['--allow-origin', first.url] : ['--web', 'dist/renderer'];
      const server = new CliServer([...args, '--name', name]);
      seeded.push({ server, name, refreshToken: '' });
      await server.start();
      const owner = await register(server.url, 'owner');
      for (const author of AUTHORS) await register(server.url, author);
      await createRooms(server.url, owner.token, FOOTPRINT.rooms);
      seedMessages(server.dataDir, FOOTPRINT.messages);
      seeded[seeded.length - 1] = { server, name, refreshToken: owner.refreshToken };
    }
    return seeded;
  } catch (error) {
    await stopSeededServers(seeded);
    throw error;
  }
}

/** Stops the servers and removes their data. */
export async function stopSeededServers(seeded: SeededServer[]): Promise<void> {
  await Promise.all(seeded.map(({ server }) => server.dispose()));
}
