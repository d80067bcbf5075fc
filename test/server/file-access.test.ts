import { describe, expect, it } from 'vitest';
import { FileUrlSigner } from '../../server/files/file-urls.js';
import { http, request } from './helpers.js';
import { GENERAL, people } from './message-helpers.js';
import { askUrls, download, png, sendFiles, uploaded } from './file-helpers.js';

const jwtSecret = 'a test secret of at least thirty-two bytes';
const signer = new FileUrlSigner(jwtSecret);

/** Alice, Bob and Carol; Alice sent a file to a private room with Bob. Carol is not in it. */
async function privateFile(bytes: Buffer | string = 'secret plans', name = 'plans.txt') {
  const setup = await people(['alice', 'bob', 'carol'] as const, { jwtSecret });
  const [alice, bob] = setup.people;
  const created = await request(alice.socket, 'room:create', { name: 'inner', kind: 'private' });
  const roomId: number = created.room.id;
  await request(alice.socket, 'room:invite', { roomId, username: 'bob' });
  await request(bob.socket, 'invite:accept', { roomId });
  const file = await uploaded(setup.url, alice.pair.token, bytes, name);
  const message = await sendFiles(alice.socket, [file.id], 'see this', { roomId });
  return { ...setup, roomId, file, message };
}

describe('who may download a file', () => {
  it('refuses a non-member: no URLs for them, and a URL signed for them finds nothing', async () => {
    const {
      url,
      file,
      people: [, bob, carol],
    } = await privateFile();
    expect((await askUrls(carol.socket, [file.id])).urls).toEqual([]);
    expect((await askUrls(bob.socket, [file.id])).urls).toHaveLength(1);
    const forCarol = signer.urls(file.id, carol.id, false);
    expect((await download(url, forCarol.url)).status).toBe(404);
  });

  it('refuses a URL of one user used for another, or tampered with, with 403 forbidden', async () => {
    const {
      url,
      file,
      people: [, bob, carol],
    } = await privateFile();
    const [signed] = (await askUrls(bob.socket, [file.id])).urls;
    expect((await download(url, signed!.url)).status).toBe(200);
    const asCarol = signed!.url.replace(`u=${bob.id}`, `u=${carol.id}`);
    const later = signed!.url.replace(`e=${signed!.expiresAt}`, `e=${signed!.expiresAt + 60_000}`);
    const unsigned = signed!.url.replace(/&s=[^&]*/, '');
    for (const path of [asCarol, later, unsigned]) {
      const answer = await download(url, path);
      expect([answer.status, JSON.parse(answer.bytes.toString()).error.code]).toEqual([
        403,
        'forbidden',
      ]);
    }
  });

  it('refuses an expired URL with 403 forbidden', async () => {
    const {
      url,
      file,
      people: [, bob],
    } = await privateFile();
    const expired = signer.urls(file.id, bob.id, false, Date.now() - 5 * 60_000 - 1);
    const answer = await download(url, expired.url);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.bytes.toString()).error.message).toMatch(/expired/);
  });

  it('ends access when the message is deleted or the member leaves', async () => {
    const {
      url,
      file,
      message,
      roomId,
      people: [alice, bob],
    } = await privateFile();
    const [forAlice] = (await askUrls(alice.socket, [file.id])).urls;
    const [forBob] = (await askUrls(bob.socket, [file.id])).urls;
    await request(bob.socket, 'room:leave', { roomId });
    expect((await download(url, forBob!.url)).status).toBe(404);
    expect((await download(url, forAlice!.url)).status).toBe(200);
    const deleted = await request(alice.socket, 'message:delete', { messageId: message.id });
    expect(deleted.message.attachments).toBeUndefined();
    expect((await download(url, forAlice!.url)).status).toBe(404);
    expect((await askUrls(alice.socket, [file.id])).urls).toEqual([]);
    const history = await request(alice.socket, 'message:history', { roomId });
    expect(history.messages.at(-1).attachments).toBeUndefined();
  });
  it('finds nothing for a banned member, even with a URL signed before the ban', async () => {
    const {
      url,
      file,
      people: [alice, bob],
    } = await privateFile();
    const [forBob] = (await askUrls(bob.socket, [file.id])).urls;
    expect((await download(url, forBob!.url)).status).toBe(200);
    const ban = await http(url, '/api/admin/ban', {
      token: alice.pair.token,
      body: { username: 'bob' },
    });
    expect(ban.status).toBeLessThan(300);
    expect((await download(url, forBob!.url)).status).toBe(404);
  });
});

describe('how files are served', () => {
  it('serves an SVG with a script as a download: octet-stream, nosniff, sandboxing CSP', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
    const {
      url,
      file,
      people: [, bob],
    } = await privateFile(svg, 'cat "pic".svg');
    expect(file.type).toBe('application/octet-stream');
    const [signed] = (await askUrls(bob.socket, [file.id])).urls;
    const answer = await download(url, signed!.url);
    expect(answer.bytes.toString()).toBe(svg);
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="cat _pic_.svg"; filename*=UTF-8''cat%20%22pic%22.svg`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': expect.stringMatching(/^private, max-age=(29\d|300)$/),
    });
  });

  it('shows raster images inline with their type, as a download with dl=1, and a WebP thumbnail', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const file = await uploaded(url, alice.pair.token, await png(800, 200), 'wide.png');
    expect(file).toMatchObject({
      type: 'image/png',
      image: { width: 800, height: 200, animated: false },
    });
    await sendFiles(alice.socket, [file.id], '', { roomId: GENERAL });
    const [signed] = (await askUrls(bob.socket, [file.id])).urls;
    const inline = await download(url, signed!.url);
    expect(inline.headers.get('content-type')).toBe('image/png');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; /);
    const forced = await download(url, signed!.downloadUrl);
    expect(forced.headers.get('content-type')).toBe('application/octet-stream');
    expect(forced.headers.get('content-disposition')).toMatch(/^attachment; /);
    const thumb = await download(url, signed!.thumbUrl!);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const { default: sharp } = await import('sharp');
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ width: 400, height: 100 });
  });

  it('answers CORS for the desktop app, and refuses pages of other origins', async () => {
    const {
      url,
      file,
      people: [, bob],
    } = await privateFile();
    const [signed] = (await askUrls(bob.socket, [file.id])).urls;
    const app = await download(url, signed!.url, { origin: 'app://parley' });
    expect(app.status).toBe(200);
    expect(app.headers.get('access-control-allow-origin')).toBe('app://parley');
    const other = await download(url, signed!.url, { origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    const preflight = await fetch(`${url}/api/files`, {
      method: 'OPTIONS',
      headers: { origin: 'app://parley', 'access-control-request-headers': 'x-file-name' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-File-Name/);
  });
});
