import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_AVATAR_BYTES, type Profile } from '../../server/protocol.js';
import { download, hasGpsTag, pngBomb, withRotationAndGps } from './file-helpers.js';
import { next, request, tempDir, type HttpAnswer } from './helpers.js';
import { people } from './message-helpers.js';

type Answer = HttpAnswer<{ user: Profile; error: { code: string; message: string } }>;

/** `POST /api/avatar` (or another method) with raw bytes. */
async function avatarRequest(
  url: string,
  token: string | undefined,
  body?: Uint8Array | string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/api/avatar`, {
    method: init.method ?? 'POST',
    headers: { ...headers, ...init.headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

/**
 * A 400 × 200 PNG, top half red and bottom half blue, whose EXIF says: rotate 90° clockwise to
 * show it (the red half then stands on the right), and where it was taken.
 */
async function rotatedPngWithGps(): Promise<Buffer> {
  const [w, h] = [400, 200];
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set(y < h / 2 ? [220, 0, 0] : [0, 0, 220], (y * w + x) * 3);
  return withRotationAndGps(
    sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png(),
  ).toBuffer();
}

/** The RGB of one pixel of an image. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

const redish = (rgb: number[]) => rgb[0]! > 150 && rgb[2]! < 80;
const blueish = (rgb: number[]) => rgb[2]! > 150 && rgb[0]! < 80;

describe('avatars', () => {
  it('crops, turns and cleans an upload into a 256 px WebP that everyone is told about', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const original = await rotatedPngWithGps();
    const before = await sharp(original).metadata();
    expect([before.format, before.orientation, hasGpsTag(before.exif)]).toEqual(['png', 6, true]);
    const seen = next<{ user: Profile }>(bob.socket, 'user:updated');
    const answer = await avatarRequest(url, alice.pair.token, original);
    expect(answer.status).toBe(200);
    const key = answer.body.user.avatar;
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await seen).user).toMatchObject({ id: alice.id, avatar: key });
    const [profile] = (await request(bob.socket, 'users:get', { userIds: [alice.id] })).users;
    expect(profile.avatar).toBe(key);

    // Served without a token, to anyone who has the key.
    const served = await download(url, `/avatars/${key}`);
    expect(served.status).toBe(200);
    expect(
      Object.fromEntries(
        [
          'content-type',
          'cache-control',
          'x-content-type-options',
          'content-security-policy',
          'cross-origin-resource-policy',
          'access-control-allow-origin',
        ].map((name) => [name, served.headers.get(name)]),
      ),
    ).toEqual({
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
    });
    const after = await sharp(served.bytes).metadata();
    expect([after.format, after.width, after.height]).toEqual(['webp', 256, 256]);
    expect([after.exif, after.xmp, after.iptc, after.orientation]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(served.bytes.includes(Buffer.from('Parley test camera'))).toBe(false);
    // Turned upright: 200 wide and 400 high, blue on the left, red on the right; the centred
    // square keeps both. Unturned, the top would be red and the bottom blue.
    expect(blueish(await pixel(served.bytes, 32, 128))).toBe(true);
    expect(redish(await pixel(served.bytes, 224, 128))).toBe(true);
    expect(blueish(await pixel(served.bytes, 32, 16))).toBe(true);
  });

  it('stores images 0600 in a 0700 folder, and a new avatar deletes the old image', async () => {
    const dataDir = tempDir();
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const, { dataDir });
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#080' } })
      .png()
      .toBuffer();
    const first = (await avatarRequest(url, alice.pair.token, png)).body.user.avatar!;
    const file = join(dataDir, 'avatars', `${first}.webp`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'avatars')).mode & 0o777).toBe(0o700);
    const second = (await avatarRequest(url, alice.pair.token, png)).body.user.avatar!;
    expect(second).not.toBe(first);
    expect((await download(url, `/avatars/${first}`)).status).toBe(404);
    expect((await download(url, `/avatars/${second}`)).status).toBe(200);
  });

  it('DELETE goes back to initials: the old key is gone, and everyone is told', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const png = await sharp({ create: { width: 30, height: 90, channels: 4, background: '#fa0' } })
      .png()
      .toBuffer();
    const key = (await avatarRequest(url, alice.pair.token, png)).body.user.avatar!;
    expect((await download(url, `/avatars/${key}`)).status).toBe(200);
    const seen = next<{ user: Profile }>(
      bob.socket,
      'user:updated',
      ({ user }) => user.avatar === null,
    );
    const cleared = await avatarRequest(url, alice.pair.token, undefined, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.user).toMatchObject({ id: alice.id, avatar: null });
    expect((await seen).user.id).toBe(alice.id);
    expect((await download(url, `/avatars/${key}`)).status).toBe(404);
  });

  it('refuses what is not a raster image, and keeps nothing', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    const html = '<!doctype html><html><body><img src=x onerror=alert(1)></body></html>';
    const pdf = '%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n';
    for (const body of [svg, html, 'just some text', pdf, Buffer.alloc(0)]) {
      const answer = await avatarRequest(url, alice.pair.token, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'invalid_payload',
        message: 'Not a PNG, JPEG, GIF or WebP image.',
      });
    }
    // A PNG signature on garbage: sniffed as a PNG, refused when it cannot be decoded.
    const fake = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 7),
    ]);
    expect((await avatarRequest(url, alice.pair.token, fake)).body.error.code).toBe(
      'invalid_payload',
    );
    const [profile] = (await request(alice.socket, 'users:get', { userIds: [alice.id] })).users;
    expect(profile.avatar).toBeNull();
  });

  it('refuses an upload over 5 MiB (declared or streamed) and a header of too many pixels', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const big = Buffer.alloc(MAX_AVATAR_BYTES + 1, 1);
    const declared = await avatarRequest(url, alice.pair.token, big);
    expect([declared.status, declared.body.error.code]).toEqual([413, 'too_large']);
    // No Content-Length: cut off while streaming.
    const chunks = (async function* () {
      for (let i = 0; i < 6; i++) yield Buffer.alloc(1024 * 1024, 1);
    })();
    const streamed = await fetch(`${url}/api/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.pair.token}` },
      body: ReadableStream.from(chunks),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // 7000 × 7000 = 49 megapixels, in a few hundred bytes: refused from its header.
    const bomb = await avatarRequest(url, alice.pair.token, pngBomb(7000));
    expect([bomb.status, bomb.body.error.code]).toEqual([413, 'too_large']);
  });

  it('needs a valid token, a trusted origin and a well-formed key', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    const none = await avatarRequest(url, undefined, png);
    expect([none.status, none.body.error.code]).toEqual([401, 'credentials_required']);
    const bad = await avatarRequest(url, 'not-a-token', png);
    expect(bad.status).toBe(401);
    const deleteNone = await avatarRequest(url, undefined, undefined, { method: 'DELETE' });
    expect(deleteNone.status).toBe(401);
    const foreign = await avatarRequest(url, alice.pair.token, png, {
      headers: { origin: 'https://evil.example' },
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'origin_not_allowed']);
    const foreignDelete = await avatarRequest(url, alice.pair.token, undefined, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreignDelete.status).toBe(403);
    for (const key of ['short', 'A'.repeat(23), '..%2F..%2Fparley.db', 'A'.repeat(22)])
      expect((await download(url, `/avatars/${key}`)).status).toBe(404);
  });

  it('lets the desktop app (a trusted origin) upload and delete across origins', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const origin = { origin: 'app://parley' };
    const preflight = await fetch(`${url}/api/avatar`, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://parley');
    expect(preflight.headers.get('access-control-allow-methods')?.split(', ')).toContain('DELETE');
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    const set = await avatarRequest(url, alice.pair.token, png, { headers: origin });
    expect(set.status).toBe(200);
    const cleared = await avatarRequest(url, alice.pair.token, undefined, {
      method: 'DELETE',
      headers: origin,
    });
    expect([cleared.status, cleared.body.user.avatar]).toEqual([200, null]);
  });

  it('limits avatar changes with the profile changes', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    for (let i = 0; i < 10; i++)
      expect(
        (await avatarRequest(url, alice.pair.token, undefined, { method: 'DELETE' })).status,
      ).toBe(200);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    const refused = await avatarRequest(url, alice.pair.token, png);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const update = await request(alice.socket, 'profile:update', { displayName: 'Alice' });
    expect(update).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
