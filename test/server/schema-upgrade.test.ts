import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { cliCommand } from '../cli-server.js';
import type { Message, TokenPair } from '../../server/protocol.js';
import { SCHEMA_VERSION } from '../../server/storage/sqlite/migrations.js';
import { askUrls, download } from './file-helpers.js';
import { connect, http, request, startServer, tempDir } from './helpers.js';

/** A data dir written by release 72fb135 (schema 7): see test/fixtures/release-0.1/README.md. */
const FIXTURE = 'test/fixtures/release-0.1';
const expected = JSON.parse(readFileSync(join(FIXTURE, 'fixture.json'), 'utf8')) as {
  userVersion: number;
  passwords: Record<'ada' | 'bob' | 'cleo', string>;
  invite: string;
  rooms: Record<'general' | 'lobby' | 'secret', number>;
  messages: Record<
    'first' | 'edited' | 'deleted' | 'threadRoot' | 'threadReply' | 'mention' | 'withFile',
    number
  >;
  file: { id: string; name: string; base64: string };
};

/** A copy of the release's data dir, so the fixture itself is never upgraded. */
function releaseDataDir(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true, filter: (path) => !/-(wal|shm)$/.test(path) });
  return dir;
}

const userVersion = (dataDir: string) => {
  const db = new Database(join(dataDir, 'parley.db'), { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

async function login(url: string, username: 'ada' | 'bob' | 'cleo'): Promise<TokenPair> {
  const answer = await http<TokenPair>(url, '/api/login', {
    body: { username, password: expected.passwords[username] },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

describe('a data dir from the release before this one (schema 7)', () => {
  it('opens, upgrades in place and keeps everything', async () => {
    // Read from the file's header: opening the fixture with SQLite would leave -wal/-shm files.
    const header = readFileSync(join(FIXTURE, 'parley.db')).subarray(0, 100);
    expect(header.readUInt32BE(60)).toBe(expected.userVersion);
    expect(expected.userVersion).toBeLessThan(SCHEMA_VERSION);
    const dataDir = releaseDataDir();
    const { url, server } = await startServer({ dataDir, registration: 'invite' });
    expect(userVersion(dataDir)).toBe(SCHEMA_VERSION);

    const ada = await login(url, 'ada');
    expect(ada.user.role).toBe('owner');
    const bob = await login(url, 'bob');
    expect(bob.user.displayName).toBe('Bob B.');
    const socket = await connect(url, bob.token);

    const general = await request(socket, 'message:history', { roomId: expected.rooms.general });
    expect(general.ok).toBe(true);
    const byId = new Map<number, Message>(general.messages.map((m: Message) => [m.id, m]));
    expect(byId.get(expected.messages.first)?.text).toBe('general 1');
    expect(byId.get(expected.messages.first)?.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [bob.user.id] },
    ]);
    expect(byId.get(expected.messages.edited)?.text).toBe('edited once');
    expect(byId.get(expected.messages.edited)?.editedAt).toBeGreaterThan(0);
    expect(byId.get(expected.messages.deleted)?.deletedAt).toBeGreaterThan(0);
    expect(byId.get(expected.messages.deleted)?.text).toBe('');

    const lobby = await request(socket, 'message:history', { roomId: expected.rooms.lobby });
    const root = lobby.messages.find((m: Message) => m.id === expected.messages.threadRoot);
    expect(root?.thread?.replyCount).toBe(1);
    const mention = lobby.messages.find((m: Message) => m.id === expected.messages.mention);
    expect(mention?.mentions).toEqual([bob.user.id]);
    const thread = await request(socket, 'message:history', {
      roomId: expected.rooms.lobby,
      threadId: expected.messages.threadRoot,
    });
    expect(thread.messages.map((m: Message) => m.id)).toEqual([expected.messages.threadReply]);
    const secret = await request(socket, 'message:history', { roomId: expected.rooms.secret });
    expect(secret.messages.map((m: Message) => m.text)).toEqual(['private words']);

    // The PNG sent with a message downloads through today's signed URLs.
    const carrier = byId.get(expected.messages.withFile);
    expect(carrier?.attachments?.map((a) => a.id)).toEqual([expected.file.id]);
    const urls = await askUrls(socket, [expected.file.id]);
    expect(urls.ok).toBe(true);
    const got = await download(url, urls.urls[0]!.url);
    expect(got.status).toBe(200);
    expect(await sharp(got.bytes).metadata()).toMatchObject({ format: 'png', width: 4, height: 3 });

    // The unused invite of the release registers exactly one person.
    const first = await http(url, '/api/register', {
      body: { username: 'dora', password: 'dora password', invite: expected.invite },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await http(url, '/api/register', {
      body: { username: 'eve', password: 'eve password', invite: expected.invite },
    });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('invalid_invite');
    await server.close();
  });

  it('refuses a database newer than this build, through createChatServer and the CLI', async () => {
    const dataDir = releaseDataDir();
    const db = new Database(join(dataDir, 'parley.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const newer = new RegExp(
      `schema version ${SCHEMA_VERSION + 1} is newer than this server understands \\(${SCHEMA_VERSION}\\)`,
    );
    expect(() => createChatServer({ dataDir, logger: silentLogger })).toThrow(newer);
    const cli = spawnSync(
      process.execPath,
      [...cliCommand(), '--port', '0', '--no-tls', '--no-advertise', '--data', dataDir],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(cli.status).not.toBe(0);
    expect(cli.status).not.toBeNull();
    expect(cli.stderr).toMatch(newer);
    expect(userVersion(dataDir)).toBe(SCHEMA_VERSION + 1); // untouched
  });
});
