import { describe, expect, it } from 'vitest';
import { parseCli } from '../../server/cli-args.js';
import { http, register, request, startServer } from './helpers.js';
import { GENERAL, people } from './message-helpers.js';
import { askUrls, download, sendFiles, storedFiles, upload, uploaded } from './file-helpers.js';

describe('file uploads', () => {
  it('uploads, sends with a message, and another member downloads it through file:urls', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const bytes = Buffer.from('%PDF-1.4\n% a tiny pdf\n');
    const answer = await upload(url, alice.pair.token, bytes, 'Q3 report.pdf');
    expect(answer.status).toBe(201);
    const file = answer.body.file;
    expect(file).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      name: 'Q3 report.pdf',
      size: bytes.length,
      type: 'application/pdf',
    });
    const heard = new Promise((resolve) => bob.socket.once('message', resolve));
    const sent = await sendFiles(alice.socket, [file.id]);
    expect(sent.text).toBe('');
    expect(sent.attachments).toEqual([file]);
    expect(await heard).toMatchObject({ id: sent.id, attachments: [file] });
    const history = await request(bob.socket, 'message:history', { roomId: GENERAL });
    expect(history.messages.at(-1).attachments).toEqual([file]);

    const urls = await askUrls(bob.socket, [file.id]);
    expect(urls.ok).toBe(true);
    const [signed] = urls.urls;
    expect(signed).toMatchObject({ fileId: file.id, expiresAt: expect.any(Number) });
    expect(signed?.thumbUrl).toBeUndefined();
    const got = await download(url, signed!.url);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    // Not an inline image: a download, never a type the browser could act on.
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="Q3 report.pdf"; filename*=UTF-8''Q3%20report.pdf`,
    );
  });

  it('refuses a missing or revoked token, a bad X-File-Name and a compressed body', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const bytes = Buffer.from('hello');
    const codeOf = async (answer: Promise<{ status: number; body: any }>) => {
      const { status, body } = await answer;
      return [status, body.error.code];
    };
    expect(await codeOf(upload(url, undefined, bytes))).toEqual([401, 'credentials_required']);
    expect(await codeOf(upload(url, 'not.a.token', bytes))).toEqual([401, 'invalid_token']);
    expect(await codeOf(upload(url, alice.pair.token, bytes, null))).toEqual([
      400,
      'invalid_payload',
    ]);
    const raw = { 'x-file-name': '%E0%A4%A' }; // not percent-encoded UTF-8
    expect(await codeOf(upload(url, alice.pair.token, bytes, null, raw))).toEqual([
      400,
      'invalid_payload',
    ]);
    const hidden = await upload(url, alice.pair.token, bytes, '\u202e\u0000/');
    expect([hidden.status, hidden.body.error.message]).toEqual([
      400,
      'X-File-Name: the name is empty.',
    ]);
    const gzip = { 'content-encoding': 'gzip' };
    expect(await codeOf(upload(url, alice.pair.token, bytes, 'a.txt', gzip))).toEqual([
      415,
      'unsupported_encoding',
    ]);
    await http(url, '/api/logout', { method: 'POST', token: alice.pair.token });
    expect(await codeOf(upload(url, alice.pair.token, bytes))).toEqual([401, 'token_revoked']);
  });

  it('keeps only the last part of a path, without controls or bidi overrides', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const file = await uploaded(url, alice.pair.token, 'x', '..\\..//etc/pass\u202ewd\u0007.txt');
    expect(file.name).toBe('passwd.txt');
  });

  it('takes any Content-Type as raw bytes: a JSON body is a file, never parsed', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice'] as const);
    const json = '{"not":"parsed"}';
    const answer = await upload(url, alice.pair.token, json, 'data.json', {
      'content-type': 'application/json',
    });
    expect([answer.status, answer.body.file.size]).toEqual([201, json.length]);
  });

  it('takes the size limit from --max-file-mb', () => {
    expect(parseCli(['--max-file-mb', '5'], {}).options.maxFileBytes).toBe(5 * 1024 * 1024);
    expect(parseCli([], {}).options.maxFileBytes).toBeUndefined();
    for (const bad of ['0', '-1', 'lots', '4096'])
      expect(() => parseCli(['--max-file-mb', bad], {})).toThrow(/--max-file-mb/);
  });

  it('cuts off an upload over maxFileBytes with 413 too_large and keeps nothing of it', async () => {
    const { url, dataDir } = await startServer({ maxFileBytes: 100_000, scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    // Declared too large: refused before a byte is read.
    const declared = await upload(url, token, Buffer.alloc(200_000));
    expect([declared.status, declared.body.error.code]).toEqual([413, 'too_large']);
    // Streamed without a length (chunked), 4 MB of it: cut off while streaming.
    const streamed = await fetch(`${url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-file-name': 'big.bin' },
      body: chunks(64, 64 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as any).error.code).toBe('too_large');
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
    // Exactly at the limit is fine.
    expect((await upload(url, token, Buffer.alloc(100_000))).status).toBe(201);
  });

  it('holds each user to the quota, counting every file they keep', async () => {
    const { url, dataDir } = await startServer({ fileQuotaBytes: 2500, scryptCost: 1024 });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    expect((await upload(url, alice.token, Buffer.alloc(1000, 1))).status).toBe(201);
    expect((await upload(url, alice.token, Buffer.alloc(1000, 2))).status).toBe(201);
    const over = await upload(url, alice.token, Buffer.alloc(1000, 3));
    expect([over.status, over.body.error.code]).toEqual([413, 'too_large']);
    expect(over.body.error.message).toMatch(/at most 500 bytes/);
    expect((await upload(url, alice.token, Buffer.alloc(500, 4))).status).toBe(201);
    // Another person's quota is their own.
    expect((await upload(url, bob.token, Buffer.alloc(2500, 5))).status).toBe(201);
    expect(storedFiles(dataDir).temp).toEqual([]);
    expect(storedFiles(dataDir).blobs).toHaveLength(4);
  });

  it('lets exactly one of two uploads at once through when only one fits the quota', async () => {
    const { url, dataDir } = await startServer({ fileQuotaBytes: 1500, scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const answers = await Promise.all([
      upload(url, token, Buffer.alloc(1000, 1)),
      upload(url, token, Buffer.alloc(1000, 2)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 413]);
    expect(answers.find((a) => a.status === 413)?.body.error.code).toBe('too_large');
    expect(storedFiles(dataDir).temp).toEqual([]);
    expect(storedFiles(dataDir).blobs).toHaveLength(1);
  });

  it('rate-limits uploads per user with 429 rate_limited', async () => {
    const { url } = await startServer({
      uploadRate: { perSecond: 0.01, burst: 2 },
      scryptCost: 1024,
    });
    const { token } = await register(url, 'alice');
    expect((await upload(url, token, 'a')).status).toBe(201);
    expect((await upload(url, token, 'b')).status).toBe(201);
    const third = await upload(url, token, 'c');
    expect([third.status, third.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

/** A body of `count` chunks of `size` bytes, as a stream without a length. */
function chunks(count: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < count) controller.enqueue(new Uint8Array(size));
      else controller.close();
    },
  });
}
