import { readdirSync } from 'node:fs';
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bodyDeadline, liftBodyDeadline } from '../../server/http/body-deadline.js';
import { receiveBody } from '../../server/files/upload-body.js';
import { register, startServer, tempDir } from './helpers.js';
import { storedFiles } from './file-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Listens on a free port of 127.0.0.1; closed (with its connections) at the end of `use`. */
async function listening(server: Server, use: (port: number) => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use((server.address() as { port: number }).port);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/**
 * Sends `head` then `first` on a raw connection, then nothing more until `rest` (if any) after
 * `pause` ms; resolves with all the server wrote, once it closes the connection.
 */
function rawRequest(port: number, head: string, first: string, pause = 0, rest?: string) {
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(head + first);
      if (rest !== undefined) setTimeout(() => socket.end(rest), pause);
    });
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      answer += data;
      // A keep-alive answer: the connection stays open, so stop once it is complete.
      if (/\r\n\r\n(ok|\{.*\})$/s.test(answer)) socket.end();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/**
 * POST /api/files with a raw http request, `body` written in `parts` 10 ms apart, as a browser on
 * a slow line would. `cutOff`: the connection went (Node's client then drops the request quietly;
 * a browser still sending gets a reset, and reports a network error instead of the answer).
 */
function slowPost(url: string, headers: Record<string, string>, body: Buffer, parts: number) {
  return new Promise<{ status: number; text: string; cutOff: boolean }>((resolve, reject) => {
    const req = httpRequest(`${url}/api/files`, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(body.length) },
    });
    let cutOff = false;
    let answer: { status: number; text: string } | undefined;
    let sent = false;
    const settle = () => answer && sent && resolve({ ...answer, cutOff });
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (text += data));
      res.on('end', () => {
        answer = { status: res.statusCode!, text };
        settle();
      });
    });
    req.on('error', reject);
    void (async () => {
      const size = Math.ceil(body.length / parts);
      for (let at = 0; at < body.length; at += size) {
        cutOff ||= req.destroyed;
        if (!cutOff) req.write(body.subarray(at, at + size));
        await sleep(10);
      }
      if (!cutOff) req.end();
      sent = true;
      settle();
    })();
  });
}

describe('upload timing', () => {
  it('takes uploads however long they take: no requestTimeout, headers still bounded', async () => {
    const { server } = await startServer({ scryptCost: 1024 });
    expect(server.httpServer.requestTimeout).toBe(0);
    expect(server.httpServer.headersTimeout).toBe(60_000);
  });

  it('gives other bodies a deadline (408), which an upload route lifts', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/upload') liftBodyDeadline(req);
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    bodyDeadline(server, 200);
    await listening(server, async (port) => {
      const head = (path: string) =>
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n`;
      const json = await rawRequest(port, head('/json'), 'ab', 600, 'cd');
      expect(json).toMatch(/^HTTP\/1\.1 408 /);
      const upload = await rawRequest(port, head('/upload'), 'ab', 600, 'cd');
      expect(upload).toMatch(/^HTTP\/1\.1 200 [^]*ok$/);
    });
  });

  it('gives up an upload that sends nothing for the idle time, and deletes its temp file', async () => {
    const dir = tempDir();
    const server = createServer((req, res) => {
      receiveBody(req, dir, 1_000_000, 'Files are limited', 200).then(
        () => res.end('ok'),
        (error: Error) => res.writeHead(400, { Connection: 'close' }).end(error.message),
      );
    });
    await listening(server, async (port) => {
      const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n';
      const answer = await rawRequest(port, head, 'x'.repeat(100));
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('The upload stalled: nothing arrived for 0.2 s.');
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads a refused body of up to 1 MiB, so that the answer arrives rather than a reset', async () => {
    const { url } = await startServer({ maxFileBytes: 100_000, scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const body = Buffer.alloc(512 * 1024, 7);
    const badToken = await slowPost(url, { authorization: 'Bearer not.a.token' }, body, 32);
    expect([badToken.status, JSON.parse(badToken.text).error.code, badToken.cutOff]).toEqual([
      401,
      'invalid_token',
      false,
    ]);
    const named = { authorization: `Bearer ${token}`, 'x-file-name': 'big.bin' };
    const tooBig = await slowPost(url, named, body, 32);
    expect([tooBig.status, JSON.parse(tooBig.text).error.code, tooBig.cutOff]).toEqual([
      413,
      'too_large',
      false,
    ]);
  });

  it('deletes the temp file of a client that goes away mid-upload', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const req = httpRequest(`${url}/api/files`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'x-file-name': 'half.bin',
        'content-length': String(1024 * 1024),
      },
    });
    req.on('error', () => {}); // destroyed below, on purpose
    req.write(Buffer.alloc(200 * 1024));
    const temp = () => storedFiles(dataDir).temp;
    for (let tries = 0; temp().length === 0 && tries < 400; tries++) await sleep(5);
    expect(temp()).toHaveLength(1);
    req.destroy();
    for (let tries = 0; temp().length > 0 && tries < 400; tries++) await sleep(5);
    expect(storedFiles(dataDir)).toEqual({ temp: [], blobs: [] });
  });
});
