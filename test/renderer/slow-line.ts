import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** How the line between the client and the server behaves. */
export interface LineOptions {
  /** How long each answer to an upload is held back once the server has given it, in ms. */
  holdMs?: number;
  /**
   * Uploads passed on at once; the later ones wait, with the headers (the token) they were sent
   * with, as in a browser, which runs at most 6 requests per host. Unlimited by default.
   */
  perHost?: number;
  /**
   * The server's 401 becomes a closed connection, as a browser reports it when the server refused
   * a body over 1 MiB before reading it: a network error (`unreachable`), not the 401.
   */
  closeOn401?: boolean;
}

/** What the server answered to one upload, by file name. */
export interface Answered {
  name: string;
  status: number;
}

/**
 * A real HTTP server in front of a real Parley server, between the client code under test and
 * the server (nothing of ours replaced): it counts the uploads in flight as they arrive, records
 * the server's answers, and can behave as a slow line seen through a browser. Closed after the
 * test.
 */
export async function slowLine(serverUrl: string, options: LineOptions = {}) {
  const { holdMs = 0, perHost = Infinity, closeOn401 = false } = options;
  const agent = new Agent({ keepAlive: false });
  const line = { url: '', inFlight: 0, mostInFlight: 0, answered: [] as Answered[] };
  let passing = 0;
  const queued: Array<() => void> = [];
  const release = () => {
    passing -= 1;
    const next = queued.shift();
    if (next) next();
  };
  const pass = (req: IncomingMessage, res: ServerResponse, upload: boolean) => {
    if (upload) passing += 1;
    const done = upload ? release : () => undefined;
    const headers = { ...req.headers };
    delete headers.connection;
    const out = request(new URL(req.url ?? '/', serverUrl), {
      method: req.method,
      headers,
      agent,
    });
    out.on('response', (answer) => {
      const status = answer.statusCode ?? 0;
      if (upload) line.answered.push({ name: nameOf(req), status });
      if (upload && status === 401 && closeOn401) {
        answer.resume();
        req.socket.destroy();
        return done();
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        setTimeout(
          () => {
            res.writeHead(status, answer.headers).end(Buffer.concat(chunks));
            done();
          },
          upload ? holdMs : 0,
        );
      });
    });
    out.on('error', () => {
      req.socket.destroy();
      done();
    });
    req.pipe(out);
  };
  const server = createServer((req, res) => {
    const upload = req.method === 'POST' && req.url === '/api/files';
    if (!upload) return pass(req, res, false);
    line.inFlight += 1;
    line.mostInFlight = Math.max(line.mostInFlight, line.inFlight);
    res.on('close', () => (line.inFlight -= 1));
    if (passing < perHost) pass(req, res, true);
    else queued.push(() => pass(req, res, true));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  line.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return line;
}

function nameOf(req: IncomingMessage): string {
  return decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
}
