import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { register, startServer } from './helpers.js';
import { people } from './message-helpers.js';
import {
  askUrls,
  download,
  hasGpsTag,
  pngBomb,
  sendFiles,
  storedFiles,
  upload,
  uploaded,
  withRotationAndGps,
} from './file-helpers.js';

/** A 300 × 200 JPEG whose EXIF says: rotate 90° to show it, and where it was taken. */
const jpegWithGps = () =>
  withRotationAndGps(
    sharp({ create: { width: 300, height: 200, channels: 3, background: '#c03030' } }).jpeg(),
  ).toBuffer();

/** Uploads as Alice, sends to general, and downloads what Bob is served (file and thumbnail). */
async function servedToBob(bytes: Buffer, name: string) {
  const {
    url,
    people: [alice, bob],
  } = await people(['alice', 'bob'] as const);
  const file = await uploaded(url, alice.pair.token, bytes, name);
  await sendFiles(alice.socket, [file.id]);
  const [signed] = (await askUrls(bob.socket, [file.id])).urls;
  const full = await download(url, signed!.url);
  const thumb = await download(url, signed!.thumbUrl!);
  return { file, full: full.bytes, thumb: thumb.bytes };
}

describe('images', () => {
  it('strips EXIF (GPS included) and applies the orientation', async () => {
    const original = await jpegWithGps();
    const before = await sharp(original).metadata();
    expect([before.orientation, hasGpsTag(before.exif)]).toEqual([6, true]);
    const { file, full, thumb } = await servedToBob(original, 'holiday.jpg');
    // 300 × 200 turned a quarter: 200 wide, 300 high.
    expect(file).toMatchObject({
      type: 'image/jpeg',
      size: full.length,
      image: { width: 200, height: 300 },
    });
    for (const served of [full, thumb]) {
      const after = await sharp(served).metadata();
      expect([after.exif, after.xmp, after.iptc, after.orientation]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(served.includes(Buffer.from('Parley test camera'))).toBe(false);
    }
    expect(await sharp(full).metadata()).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
  });

  it('keeps a GIF animated in full and makes a still thumbnail of its first frame', async () => {
    const [w, h, frames] = [60, 40, 3];
    const raw = Buffer.alloc(w * h * frames * 4);
    for (let i = 0; i < frames; i++) raw.fill(60 * (i + 1), i * w * h * 4, (i + 1) * w * h * 4);
    const gif = await sharp(raw, {
      raw: { width: w, height: h * frames, channels: 4, pageHeight: h },
    })
      .gif({ delay: [100, 150, 200], loop: 0 })
      .toBuffer();
    const { file, full, thumb } = await servedToBob(gif, 'wave.gif');
    expect(file).toMatchObject({
      type: 'image/gif',
      image: { width: 60, height: 40, animated: true },
    });
    expect((await sharp(full, { animated: true }).metadata()).pages).toBeGreaterThan(1);
    const small = await sharp(thumb, { animated: true }).metadata();
    expect([small.format, small.pages ?? 1, small.height]).toEqual(['webp', 1, 40]);
  });

  it('refuses a decompression bomb with 413 too_large and keeps nothing', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const bomb = pngBomb(10_000); // 100 megapixels: under sharp's own limit, over ours
    expect(bomb.length).toBeLessThan(200_000);
    const answer = await upload(url, token, bomb, 'bomb.png');
    expect([answer.status, answer.body.error]).toEqual([
      413,
      { code: 'too_large', message: 'The image has too many pixels.' },
    ]);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });

  it('refuses a file that claims to be an image but does not decode', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const broken = Buffer.concat([
      (
        await sharp({ create: { width: 9, height: 9, channels: 3, background: '#000' } })
          .png()
          .toBuffer()
      ).subarray(0, 40),
    ]);
    const answer = await upload(url, token, broken, 'broken.png');
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_payload']);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });

  it('refuses an image that comes out of cleaning over maxFileBytes, and keeps nothing', async () => {
    // Noise saved at quality 5 grows when re-encoded at quality 90.
    const raw = { raw: { width: 200, height: 200, channels: 3 as const } };
    const noise = await sharp(randomBytes(200 * 200 * 3), raw)
      .jpeg({ quality: 5 })
      .toBuffer();
    const { url, dataDir } = await startServer({
      maxFileBytes: noise.length + 100,
      scryptCost: 1024,
    });
    const { token } = await register(url, 'alice');
    const answer = await upload(url, token, noise, 'noise.jpg');
    expect([answer.status, answer.body.error.code]).toEqual([413, 'too_large']);
    expect(answer.body.error.message).toMatch(/bytes once cleaned\): at most \d+ bytes\.$/);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });
});
