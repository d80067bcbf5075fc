import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, register, request, startServer } from './helpers.js';
import { send } from './message-helpers.js';
import { askUrls, download, sendFiles, storedFiles, uploaded } from './file-helpers.js';

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
});
