import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** One client connection through the line, and its own connection on to the server. */
interface Link {
  down: Socket;
  up: Socket;
  /** Cut by a sleep: nothing passes any more, in either direction. */
  dead: boolean;
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1\r\n/;

/**
 * A TCP line between a client and a real server that sleeps as a laptop does. `sleep()` cuts
 * every connection the way a suspend does: from then on nothing of it passes, and the client is
 * never told (no FIN, no reset) — its socket still reads as open, however the server closed its
 * end meanwhile. New connections are refused while asleep. After `wake()`, new connections pass
 * again; a dead one stays silent until the client writes on it, which the far end, not knowing
 * it any more, answers with a reset. Plain Node, for Vitest and Playwright alike.
 */
export class SleepLine {
  /** The address to give the client instead of the server's. */
  url = '';
  /** `METHOD /path` of every HTTP request that went through, in order (query strings cut). */
  readonly requests: string[] = [];
  private asleep = false;
  private readonly links = new Set<Link>();
  private readonly server = createServer((down) => this.accept(down));

  private constructor(private readonly target: URL) {}

  /** Opens a line to the server at `serverUrl` (http://host:port) on a free loopback port. */
  static async open(serverUrl: string): Promise<SleepLine> {
    const line = new SleepLine(new URL(serverUrl));
    await new Promise<void>((resolve) => line.server.listen(0, '127.0.0.1', resolve));
    line.url = `http://127.0.0.1:${(line.server.address() as AddressInfo).port}`;
    return line;
  }

  /** The computer goes to sleep: every open connection is cut without a word. */
  sleep(): void {
    this.asleep = true;
    for (const link of this.links) {
      link.dead = true;
      // The server will see the connection go, as it would after its own timeouts.
      link.up.destroy();
    }
  }

  /** The computer wakes and its network is back. */
  wake(): void {
    this.asleep = false;
  }

  /** How many requests to `path` went through since `from` (an index into `requests`). */
  countSince(from: number, path: string): number {
    return this.requests.slice(from).filter((r) => r.endsWith(` ${path}`)).length;
  }

  async close(): Promise<void> {
    for (const link of this.links) link.down.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(down: Socket): void {
    if (this.asleep) return void down.destroy();
    const up = connect(Number(this.target.port), this.target.hostname);
    const link: Link = { down, up, dead: false };
    this.links.add(link);
    down.on('data', (chunk: Buffer) => {
      if (!link.dead) {
        this.note(chunk);
        up.write(chunk);
      } else if (!this.asleep) down.resetAndDestroy();
    });
    up.on('data', (chunk: Buffer) => {
      if (!link.dead) down.write(chunk);
    });
    // The server closed (or could not be reached): so does the line, while it is awake.
    up.on('close', () => {
      if (!link.dead) down.end();
    });
    up.on('error', () => undefined);
    down.on('error', () => up.destroy());
    down.on('close', () => {
      up.destroy();
      this.links.delete(link);
    });
  }

  private note(chunk: Buffer): void {
    const match = REQUEST_LINE.exec(chunk.subarray(0, 300).toString('latin1'));
    if (match) this.requests.push(`${match[1]} ${match[2]?.split('?')[0]}`);
  }
}
