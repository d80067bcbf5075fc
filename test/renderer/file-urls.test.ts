import { describe, expect, it } from 'vitest';
import { fetchObjectUrl } from '../../renderer/src/lib/file-blobs.js';
import {
  FileUrlCache,
  REFRESH_MARGIN_MS,
  UNAVAILABLE_MS,
  URL_LIFETIME_MS,
} from '../../renderer/src/lib/file-urls.js';
import { request } from '../../renderer/src/lib/socket-request.js';
import { connect, register, startServer } from '../server/helpers.js';
import { countingAsk, png, sendFiles, uploadBytes } from './file-helpers.js';

/** Alice's files in #general, and a cache of her signed URLs on a clock the test moves. */
async function setUp(files = 1) {
  const { url } = await startServer({ uploadRate: { perSecond: 1000, burst: 1000 } });
  const alice = await register(url, 'alice');
  const socket = await connect(url, alice.token);
  const ids: string[] = [];
  for (let i = 0; i < files; i++) {
    const file = await uploadBytes(url, alice.token, `note-${i}.txt`, Buffer.from(`note ${i}\n`));
    ids.push(file.id);
  }
  for (let i = 0; i < ids.length; i += 10) await sendFiles(socket, ids.slice(i, i + 10));
  const clock = { now: Date.now() };
  const { ask, asked } = countingAsk(socket);
  const cache = new FileUrlCache(ask, () => clock.now);
  return { url, alice, socket, ids, clock, cache, asked };
}

describe('signed URL cache', () => {
  it('asks once for every file of one tick, in requests of at most 50 ids', async () => {
    const { ids, cache, asked } = await setUp(51);
    const got = await Promise.all([...ids, ids[0]!, ids[50]!].map((id) => cache.get(id)));
    expect(asked.map((batch) => batch.length)).toEqual([50, 1]);
    expect(new Set(asked.flat())).toEqual(new Set(ids));
    expect(got.map((urls) => urls?.fileId)).toEqual([...ids, ids[0], ids[50]]);
  });

  it('keeps URLs until shortly before they expire, then asks again', async () => {
    const { ids, cache, asked, clock } = await setUp();
    const askedAt = clock.now;
    const first = await cache.get(ids[0]!);
    expect(first?.url).toMatch(/^\/files\//);
    clock.now = askedAt + URL_LIFETIME_MS - REFRESH_MARGIN_MS - 1;
    expect(await cache.get(ids[0]!)).toBe(first);
    expect(asked).toHaveLength(1);
    // From here on a fetch could outlive the URL: the cache asks for a new one.
    clock.now = askedAt + URL_LIFETIME_MS - REFRESH_MARGIN_MS;
    const second = await cache.get(ids[0]!);
    expect(asked).toHaveLength(2);
    expect(second?.fileId).toBe(ids[0]);
  });

  it('keeps URLs as long on a clock minutes fast or slow (not by the server expiresAt)', async () => {
    for (const skew of [4.5 * 60_000, -10 * 60_000]) {
      const { ids, cache, asked, clock } = await setUp();
      clock.now = Date.now() + skew;
      const askedAt = clock.now;
      const first = await cache.get(ids[0]!);
      // A fast clock: still kept (expiresAt - margin is already past by this clock).
      clock.now = askedAt + URL_LIFETIME_MS - REFRESH_MARGIN_MS - 1;
      expect(await cache.get(ids[0]!)).toBe(first);
      expect(asked).toHaveLength(1);
      // A slow clock: asked again 4 minutes on (expiresAt - margin would still be ahead).
      clock.now = askedAt + URL_LIFETIME_MS - REFRESH_MARGIN_MS;
      expect((await cache.get(ids[0]!))?.fileId).toBe(ids[0]);
      expect(asked).toHaveLength(2);
    }
  });

  it('takes a file the server leaves out as unavailable (null), for a while', async () => {
    const { ids, cache, asked, clock } = await setUp();
    const missing = 'A'.repeat(22);
    const [known, unknown] = await Promise.all([cache.get(ids[0]!), cache.get(missing)]);
    expect(known?.fileId).toBe(ids[0]);
    expect(unknown).toBeNull();
    expect(await cache.get(missing)).toBeNull();
    expect(asked).toHaveLength(1);
    clock.now += UNAVAILABLE_MS;
    expect(await cache.get(missing)).toBeNull();
    expect(asked).toHaveLength(2);
  });

  it('rejects while the server cannot be asked, and asks again afterwards', async () => {
    const { ids, cache, asked, socket } = await setUp();
    socket.disconnect();
    await expect(cache.get(ids[0]!)).rejects.toThrow(/did not answer/);
    socket.connect();
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    expect((await cache.get(ids[0]!))?.fileId).toBe(ids[0]);
    expect(asked).toHaveLength(2);
  });
});

describe('fetching files into object URLs', () => {
  it('shows an image from a blob: URL of its thumbnail', async () => {
    const { url, alice, socket } = await setUp(0);
    const image = await uploadBytes(url, alice.token, 'blue.png', await png(800, 600));
    await sendFiles(socket, [image.id], 'a picture');
    const cache = new FileUrlCache(countingAsk(socket).ask);
    const src = await fetchObjectUrl(cache, url, image.id, 'thumbUrl');
    expect(src).toMatch(/^blob:/);
    const blob = await (await fetch(src!)).blob();
    URL.revokeObjectURL(src!);
    expect(blob.size).toBeGreaterThan(0);
    expect(blob.type).toMatch(/^image\//);
  });

  it('asks again when a held URL is refused, and gives null once access ended', async () => {
    const { url, ids } = await setUp();
    const bob = await register(url, 'bob');
    const bobSocket = await connect(url, bob.token);
    const { ask, asked } = countingAsk(bobSocket);
    const cache = new FileUrlCache(ask);
    expect((await cache.get(ids[0]!))?.fileId).toBe(ids[0]);
    // Bob leaves the room the file was posted in: his URLs, still unexpired, stop working.
    const left = await request(bobSocket, 'room:leave', { roomId: 1 });
    expect(left.ok).toBe(true);
    expect(await fetchObjectUrl(cache, url, ids[0]!, 'url')).toBeNull();
    expect(asked).toHaveLength(2);
  });
});
