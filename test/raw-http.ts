import { request as httpRequest } from 'node:http';

/** What a raw request got back. */
export interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * A raw HTTP request, so that Host and Origin can be anything a browser or an attacker could
 * send (fetch would refuse to set Host). Plain HTTP only: the tests that use it run on loopback.
 */
export function rawRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** engine.io v4 long-polling, spoken by hand: one session, its GETs and POSTs. */
export class PollingSession {
  private constructor(
    private readonly url: string,
    readonly sid: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Opens a session; resolves with the refusal instead when the handshake is not 200. */
  static async open(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<PollingSession | RawAnswer> {
    const answer = await rawRequest(url, '/socket.io/?EIO=4&transport=polling', headers);
    if (answer.status !== 200) return answer;
    const open = JSON.parse(answer.body.slice(1)) as { sid: string };
    return new PollingSession(url, open.sid, headers);
  }

  private get path(): string {
    return `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(this.sid)}`;
  }

  /** Sends packets (joined with the record separator, as engine.io does). */
  post(packets: string[]): Promise<RawAnswer> {
    const headers = { ...this.headers, 'content-type': 'text/plain;charset=UTF-8' };
    return rawRequest(this.url, this.path, headers, 'POST', packets.join('\x1e'));
  }

  /** Waits for whatever the server has queued for this session. */
  get(): Promise<RawAnswer> {
    return rawRequest(this.url, this.path, this.headers);
  }
}
