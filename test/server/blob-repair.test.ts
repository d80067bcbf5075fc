import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register, startServer } from './helpers.js';
import { uploaded } from './file-helpers.js';

const HOUR_MS = 60 * 60_000;

describe('blobs left torn or unfinished by a crash', () => {
  it('replaces a blob of the wrong size when the same file is uploaded again', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const bytes = Buffer.from('parley '.repeat(5000));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const blob = join(dataDir, 'files', sha.slice(0, 2), sha);
    await uploaded(url, token, bytes, 'first.txt');
    expect(readFileSync(blob)).toEqual(bytes);

    // A crash before the blob reached the disk: its name is there, half its bytes are not.
    truncateSync(blob, 1000);
    await uploaded(url, token, bytes, 'again.txt');
    expect(readFileSync(blob)).toEqual(bytes);
  });

  it('keeps a blob of the right size as it is', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const bytes = Buffer.from('same '.repeat(3000));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const blob = join(dataDir, 'files', sha.slice(0, 2), sha);
    await uploaded(url, token, bytes, 'first.txt');
    const old = new Date(Date.now() - HOUR_MS);
    utimesSync(blob, old, old);
    await uploaded(url, token, bytes, 'again.txt');
    // Not written again: its time is still the old one.
    expect(readFileSync(blob)).toEqual(bytes);
    expect(Math.abs(statSync(blob).mtimeMs - old.getTime())).toBeLessThan(1000);
  });

  it('sweeps unfinished copies (.part) in the blob folders once over an hour old', async () => {
    const { server, dataDir } = await startServer({ scryptCost: 1024 });
    const folder = join(dataDir, 'files', 'ab');
    mkdirSync(folder, { recursive: true });
    const part = (digit: string) => join(folder, `ab${digit.repeat(62)}.part`);
    const [stale, fresh] = [part('1'), part('2')];
    writeFileSync(stale, 'half a copy');
    writeFileSync(fresh, 'a copy on its way');
    const old = new Date(Date.now() - 2 * HOUR_MS);
    utimesSync(stale, old, old);

    await server.pruneFiles();
    expect([existsSync(stale), existsSync(fresh)]).toEqual([false, true]);
  });
});
