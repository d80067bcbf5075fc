import { request, type ClientRequest } from 'node:http';

/** Bytes written per step, each followed by an upload progress event, as a browser reports. */
const CHUNK = 64 * 1024;

/**
 * The part of the browser's XMLHttpRequest that upload-request.ts uses, over node:http, for
 * unit tests against a real server: Node has no XMLHttpRequest (as tests of the main process
 * replace Electron, this replaces the browser at that one boundary). The body goes out in
 * chunks with an `upload.onprogress` after each; `abort()` destroys the request.
 */
export class NodeXhr {
  status = 0;
  responseText = '';
  readonly upload: { onprogress: ((event: { loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  /** Every request made, for tests that count them. */
  static sent = 0;
  private method = 'GET';
  private url = '';
  private readonly headers: Record<string, string> = {};
  private req?: ClientRequest;
  private finished = false;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: Blob): void {
    NodeXhr.sent += 1;
    void this.run(body);
  }
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.req?.destroy();
    this.onabort?.();
  }

  private async run(body: Blob): Promise<void> {
    const bytes = Buffer.from(await body.arrayBuffer());
    if (this.finished) return;
    const req = request(this.url, {
      method: this.method,
      headers: {
        ...this.headers,
        'content-type': body.type || 'application/octet-stream',
        'content-length': String(bytes.length),
      },
    });
    this.req = req;
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (this.finished) return;
        this.finished = true;
        this.status = response.statusCode ?? 0;
        this.responseText = Buffer.concat(chunks).toString('utf8');
        this.onload?.();
      });
    });
    // A server that answers early (413) may close the connection while the body still goes out.
    req.on('error', () => {
      if (answered || this.finished) return;
      this.finished = true;
      this.onerror?.();
    });
    for (let sent = 0; sent < bytes.length;) {
      if (this.finished || answered) return void req.end();
      const chunk = bytes.subarray(sent, sent + CHUNK);
      await new Promise<void>((resolve) => req.write(chunk, () => resolve()));
      sent += chunk.length;
      if (!this.finished) this.upload.onprogress?.({ loaded: sent, total: bytes.length });
    }
    req.end();
  }
}

/** For UploadTarget.xhr. */
export const nodeXhr = () => new NodeXhr() as unknown as XMLHttpRequest;
