import { connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UPLOAD_LIMITS } from '../../server/files/upload-limits.js';
import type { ErrorBody } from '../../server/protocol.js';
import { register, sleep, startServer } from './helpers.js';
import { storedFiles, upload } from './file-helpers.js';

const saved = { ...UPLOAD_LIMITS };
afterEach(() => {
  Object.assign(UPLOAD_LIMITS, saved);
});

/** How long a test waits for an answer that a held upload must get: far past every limit set. */
const GIVE_UP_MS = 3000;

interface RawUpload {
  socket: Socket;
  /** All the server wrote, once it has answered (a whole JSON body) or closed. */
  answer: Promise<string>;
}

/** POST /api/files on a raw connection: the head and `first`, then whatever the test writes. */
function rawUpload(url: string, headers: Record<string, string>, first = ''): RawUpload {
  const { hostname, port } = new URL(url);
  const socket = tcpConnect(Number(port), hostname);
  const head = Object.entries({ host: `${hostname}:${port}`, ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST /api/files HTTP/1.1\r\n${head}\r\n${first}`);
  socket.setEncoding('utf8');
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (data: string) => {
      text += data;
      if (/\r\n\r\n\{.*\}$/s.test(text)) resolve(text);
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => {});
  });
  return { socket, answer };
}

/** Writes `chunk` every `everyMs` until `upload` is answered or GIVE_UP_MS pass; the answer. */
async function trickle(upload: RawUpload, chunk: string, everyMs: number) {
  const started = Date.now();
  let answered = false;
  void upload.answer.then(() => (answered = true));
  while (!answered && Date.now() - started < GIVE_UP_MS) {
    if (!upload.socket.destroyed) upload.socket.write(chunk);
    await sleep(everyMs);
  }
  upload.socket.destroy();
  return { text: await upload.answer, ms: Date.now() - started };
}

describe('uploads cannot hold a connection', () => {
  it('answers an upload without a token that trickles bytes within the total discard time', async () => {
    UPLOAD_LIMITS.discardMs = 300;
    const { url } = await startServer({ scryptCost: 1024 });
    const held = rawUpload(url, { 'transfer-encoding': 'chunked', 'x-file-name': 'a.bin' });
    // A byte every 50 ms: far inside the idle time (30 s), so only a total limit ends it.
    const { text, ms } = await trickle(held, '1\r\nx\r\n', 50);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text).toContain('credentials_required');
    expect(ms).toBeLessThan(GIVE_UP_MS);
  });

  it('gives up an upload slower than the least speed after its grace, and deletes its file', async () => {
    Object.assign(UPLOAD_LIMITS, { paceGraceMs: 100, paceWindowMs: 200, minBytesPerSecond: 1000 });
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const slow = rawUpload(url, {
      authorization: `Bearer ${token}`,
      'x-file-name': 'slow.bin',
      'content-length': '100000',
    });
    // 10 bytes every 20 ms: 500 bytes a second, never idle.
    const { text } = await trickle(slow, 'x'.repeat(10), 20);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('"code":"invalid_payload"');
    expect(text).toContain('The upload is too slow');
    for (let tries = 0; storedFiles(dataDir).temp.length > 0 && tries < 100; tries++)
      await sleep(10);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });

  it('takes at most perUser uploads of one user at once (429 past it), others unaffected', async () => {
    UPLOAD_LIMITS.perUser = 2;
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const headers = {
      authorization: `Bearer ${alice.token}`,
      'x-file-name': 'held.bin',
      'content-length': '20',
    };
    const held = [rawUpload(url, headers, 'x'.repeat(10)), rawUpload(url, headers, 'y'.repeat(10))];
    for (let tries = 0; storedFiles(dataDir).temp.length < 2 && tries < 400; tries++)
      await sleep(5);
    expect(storedFiles(dataDir).temp).toHaveLength(2);

    const third = await upload(url, alice.token, 'third', 'third.bin');
    expect([third.status, third.body.error.code]).toEqual([429, 'rate_limited']);
    expect((third.body.error as ErrorBody).retryAfterMs).toBeGreaterThan(0);
    expect(third.headers.get('retry-after')).not.toBeNull();
    expect((await upload(url, bob.token, 'bob', 'bob.bin')).status).toBe(201);

    // One ends: its place is free again.
    held[0]!.socket.write('x'.repeat(10));
    expect(await held[0]!.answer).toMatch(/^HTTP\/1\.1 201 /);
    expect((await upload(url, alice.token, 'fourth', 'fourth.bin')).status).toBe(201);
    held[1]!.socket.destroy();
  });
});
