import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, register, request, startServer } from './helpers.js';
import { send } from './message-helpers.js';
import { askUrls, download, sendFiles, storedFiles, upload, uploaded } from './file-helpers.js';

const HOUR = 60 * 60_000;

describe('pruning files', () => {
  it('removes files no live message carries after 24 hours, and blobs no file uses', async () => {
    const { url, dataDir, server } = await startServer({ scryptCost: 1024 });
    const alicePair = await register(url, 'alice');
    const bobPair = await register(url, 'bob');
    const [alice, bob] = [await connect(url, alicePair.token), await connect(url, bobPair.token)];
    const unsent = await uploaded(url, alicePair.token, 'same bytes', 'unsent.txt');
    const kept = await uploaded(url, alicePair.token, 'kept bytes', 'kept.txt');
    const doomed = await uploaded(url, alicePair.token, 'doomed bytes', 'doomed.txt');
    const shared = await uploaded(url, bobPair.token, 'same bytes', 'copy.txt');
    await sendFiles(alice, [kept.id]);
    await sendFiles(bob, [shared.id]);
    const gone = await sendFiles(alice, [doomed.id]);
    const [doomedUrl] = (await askUrls(alice, [doomed.id])).urls;
    await request(alice, 'message:delete', { messageId: gone.id });
    expect(storedFiles(dataDir).blobs).toHaveLength(3); // 'same bytes' once

    expect(await server.pruneFiles(Date.now() + 23 * HOUR)).toBe(0);
    expect(await server.pruneFiles(Date.now() + 25 * HOUR)).toBe(2);
    // The unsent file's blob stays: Bob's sent copy has the same bytes.
    expect(storedFiles(dataDir).blobs).toHaveLength(2);
    expect((await download(url, doomedUrl!.url)).status).toBe(404);
    const late = await request(alice, 'message:send', {
      roomId: 1,
      text: 'late',
      clientId: 'late',
      fileIds: [unsent.id],
    });
    expect([late.ok, late.error.code]).toEqual([false, 'not_found']);
    // What is still sent stays readable.
    for (const [socket, file] of [
      [alice, kept],
      [bob, shared],
    ] as const) {
      const [signed] = (await askUrls(socket, [file.id])).urls;
      expect((await download(url, signed!.url)).status).toBe(200);
    }
    await send(alice, 'still fine');
  });

  it('removes temp files left over for more than an hour, not newer ones', async () => {
    const { url, dataDir, server } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    await uploaded(url, token, 'makes the folders');
    const tmp = join(dataDir, 'files', 'tmp');
    writeFileSync(join(tmp, 'old.part'), 'left by a crash');
    writeFileSync(join(tmp, 'new.part'), 'an upload in progress');
    const twoHoursAgo = (Date.now() - 2 * HOUR) / 1000;
    utimesSync(join(tmp, 'old.part'), twoHoursAgo, twoHoursAgo);
    await server.pruneFiles();
    expect(storedFiles(dataDir).temp).toEqual(['new.part']);
  });

  it('removes blobs that no file names once over an hour old, not newer ones', async () => {
    const { url, dataDir, server } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const kept = await uploaded(url, token, 'a file with its row');
    const twoHoursAgo = (Date.now() - 2 * HOUR) / 1000;
    // Left by a crash between storing the blob and adding its row, and one of an upload now.
    const blob = (sha: string) => {
      mkdirSync(join(dataDir, 'files', sha.slice(0, 2)), { recursive: true });
      writeFileSync(join(dataDir, 'files', sha.slice(0, 2), sha), sha);
      return join(dataDir, 'files', sha.slice(0, 2), sha);
    };
    const [orphan, fresh] = ['ab'.repeat(32), 'cd'.repeat(32)];
    utimesSync(blob(orphan), twoHoursAgo, twoHoursAgo);
    blob(fresh);
    const before = storedFiles(dataDir).blobs;
    const [ownBlob] = before.filter((name) => name !== orphan && name !== fresh);
    utimesSync(join(dataDir, 'files', ownBlob!.slice(0, 2), ownBlob!), twoHoursAgo, twoHoursAgo);
    await server.pruneFiles();
    expect(storedFiles(dataDir).blobs.sort()).toEqual([ownBlob, fresh].sort());
    const alice = await connect(url, token);
    await sendFiles(alice, [kept.id]);
    const [signed] = (await askUrls(alice, [kept.id])).urls;
    expect((await download(url, signed!.url)).status).toBe(200);
  });

  it('keeps no blob when adding the file row fails', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    // A real failure of the database, from outside: every new row is refused.
    const db = new Database(join(dataDir, 'parley.db'));
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON files BEGIN SELECT RAISE(ABORT, 'no'); END");
    db.close();
    const answer = await upload(url, token, 'bytes without a row');
    expect([answer.status, answer.body.error.code]).toEqual([500, 'internal_error']);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });
});
