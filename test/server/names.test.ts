import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { nameKeys } from '../../server/names.js';
import { addRoomNameKeys } from '../../server/storage/sqlite/room-name-keys.js';
import { DATABASE_FILE } from '../../server/storage/sqlite/sqlite-store.js';
import { BAD_NAMES, GOOD_NAMES } from '../bad-names.js';
import { connect, http, register, request, startServer, tempDir } from './helpers.js';

describe('names people read', () => {
  it('refuses each kind of invisible, bidi-control or malformed display name at registration', async () => {
    const { url } = await startServer();
    for (const [kind, displayName] of BAD_NAMES) {
      const answer = await http(url, '/api/register', {
        body: { username: 'someone', password: 'correct horse', displayName },
      });
      expect([kind, answer.status, answer.body.error?.code]).toEqual([
        kind,
        400,
        'invalid_payload',
      ]);
      expect(answer.body.error.message).toMatch(/^displayName: /);
    }
    for (const displayName of GOOD_NAMES) {
      const user = await register(url, `u${GOOD_NAMES.indexOf(displayName)}xx`, { displayName });
      expect(user.user.displayName).toBe(displayName.normalize('NFC'));
    }
  });

  it('refuses the same names for rooms, public or private', async () => {
    const { url } = await startServer({ eventRate: { perSecond: 1000, burst: 1000 } });
    const socket = await connect(url, (await register(url, 'alice')).token);
    for (const [kind, name] of BAD_NAMES) {
      for (const roomKind of ['public', 'private']) {
        const answer = await request(socket, 'room:create', { name, kind: roomKind });
        expect([kind, roomKind, answer.error?.code]).toEqual([kind, roomKind, 'invalid_payload']);
        expect(answer.error.message).toMatch(/^name: /);
      }
    }
    const made = await request(socket, 'room:create', { name: 'Zoë ❤️', kind: 'public' });
    expect(made.room.name).toBe('Zoë ❤️');
  });

  it('refuses public room names that look like an existing public room', async () => {
    const { url } = await startServer();
    const socket = await connect(url, (await register(url, 'alice')).token);
    const code = async (name: string) =>
      (await request(socket, 'room:create', { name, kind: 'public' })).error?.code;
    expect(await code('general\u200B')).toBe('invalid_payload');
    expect(await code('g\u0435neral')).toBe('name_taken'); // Cyrillic е
    expect(await code('GENERAL')).toBe('name_taken');
    expect(await code('ｇｅｎｅｒａｌ')).toBe('name_taken'); // fullwidth
    expect(await code('generaI')).toBe('name_taken'); // capital I for l
    const taken = await request(socket, 'room:create', { name: 'gеneral', kind: 'public' });
    expect(taken.error.message).not.toContain('gеneral'); // the answer does not echo the name
    // Not every name is a look-alike: a different name is fine.
    expect((await request(socket, 'room:create', { name: 'generals', kind: 'public' })).ok).toBe(
      true,
    );
    expect(await code('generaIs')).toBe('name_taken');
  });

  it('gives look-alike names one key, case-folded or as they are shaped', () => {
    const { folded, shape } = nameKeys('general');
    for (const alike of [
      'GENERAL',
      'ｇｅｎｅｒａｌ',
      'g\u0435neral',
      'gene\u200Bral',
      'gener\u0430l',
    ])
      expect([alike, nameKeys(alike)]).toEqual([alike, { folded, shape }]);
    expect(nameKeys('generaI').shape).toBe(shape); // capital I for small l
    expect(nameKeys('Alice  Smith')).toEqual(nameKeys('alice smith'));
    expect(nameKeys('\u0410lice')).toEqual(nameKeys('Alice')); // Cyrillic А
    expect(nameKeys('Strasse').folded).toBe(nameKeys('STRAẞE').folded);
    // Different names stay apart: i and l, accents.
    expect(nameKeys('mail')).not.toMatchObject({ folded: nameKeys('mall').folded });
    expect(nameKeys('mail')).not.toMatchObject({ shape: nameKeys('mall').shape });
    expect(nameKeys('général').folded).not.toBe(folded);
  });

  it('enforces public look-alike keys in the database itself, not only in a pre-check', async () => {
    const { dataDir, close } = await startServer();
    await close();
    const db = new Database(join(dataDir, DATABASE_FILE));
    const insert = db.prepare(
      `INSERT INTO rooms (name, kind, name_key, shape_key, created_at) VALUES (?, ?, ?, ?, 0)`,
    );
    const add = (name: string, kind: string) => {
      const keys = nameKeys(name);
      insert.run(name, kind, keys.folded, keys.shape);
    };
    expect(() => add('g\u0435neral', 'public')).toThrow(
      /UNIQUE constraint failed: rooms\.(name|shape)_key/,
    );
    expect(() => add('generaI', 'public')).toThrow(/UNIQUE constraint failed: rooms\.shape_key/);
    expect(() => add('g\u0435neral', 'private')).not.toThrow();
    db.close();
  });

  it('backfills keys for rooms made before the rule; the oldest of look-alikes keeps its key', () => {
    const db = new Database(join(tempDir(), 'old.db'));
    db.exec(`CREATE TABLE rooms (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL)`);
    const add = db.prepare('INSERT INTO rooms (name, kind) VALUES (?, ?)');
    for (const [name, kind] of [
      ['general', 'public'],
      ['g\u0435neral', 'public'],
      ['generaI', 'public'],
      ['GENERAL', 'private'],
      ['direct', 'direct'],
    ])
      add.run(name, kind);
    addRoomNameKeys(db);
    expect(db.prepare('SELECT id, name_key, shape_key FROM rooms ORDER BY id').all()).toEqual([
      { id: 1, name_key: 'general', shape_key: 'general' },
      { id: 2, name_key: null, shape_key: null },
      { id: 3, name_key: 'generai', shape_key: null },
      { id: 4, name_key: 'general', shape_key: 'general' },
      { id: 5, name_key: null, shape_key: null },
    ]);
    const insert = db.prepare(`INSERT INTO rooms (name, kind, name_key) VALUES (?, 'public', ?)`);
    expect(() => insert.run('Gener\u0430l', 'general')).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a server name with invisible or bidi characters at start-up', () => {
    const dataDir = tempDir();
    for (const name of ['Par\u202Eley', '\u200B', 'Parley\u3164']) {
      expect(() => createChatServer({ dataDir, name, logger: silentLogger })).toThrow(/"name"/);
    }
  });
});
