import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '../server/node-flags.js';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The CLI as `npm run server` runs it: the one-file bundle that `npm run build:server` makes
 * (`CLI_BUNDLE`), started through V8's code cache by `CLI` (server/cli-cached.ts).
 */
export const CLI = 'dist/server/cli.js';
/**
 * The node arguments that start the CLI (or another copy of its entry) as `npm run server` does:
 * the server's node flags first (server/node-flags.ts: V8 checks them against the code cache, so
 * a start with other flags would throw away the cache the others wrote).
 */
export const cliCommand = (entry = CLI): string[] => [...SERVER_NODE_FLAGS, entry];
export const CLI_BUNDLE = 'dist/server/cli-bundle.cjs';

/**
 * The CLI (`CLI`) in its own process, on a free port and a temp
 * data dir: what the end-to-end and reliability tests run against. Restarts keep the port and
 * the data dir, as a real restart would.
 */
export class CliServer {
  private child: ChildProcess | undefined;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  port = 0;
  /** http, or https when started with --tls. */
  scheme = 'http';

  /** What the process has printed, stdout and stderr together. */
  output = '';

  /**
   * `entry`: another copy of the CLI's entry (the code-cache test runs one of its own); `env`:
   * more environment variables for it.
   */
  constructor(
    private readonly extraArgs: string[] = [],
    private readonly entry = CLI,
    private readonly env: Record<string, string> = {},
  ) {}

  /** The server process's id, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [
      ...cliCommand(this.entry),
      '--port',
      String(this.port),
      '--data',
      this.dataDir,
      ...this.extraArgs,
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...this.env } });
    this.child = child;
    this.output = '';
    const seen = (chunk: string) => (this.output += chunk);
    child.stdout?.setEncoding('utf8').on('data', seen);
    child.stderr?.setEncoding('utf8').on('data', seen);
    const deadline = Date.now() + 15_000;
    const up = /(https?):\/\/127\.0\.0\.1:(\d+)\//;
    while (!up.test(this.output)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`server did not start:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [, scheme = 'http', port] = up.exec(this.output) ?? [];
    this.scheme = scheme;
    this.port = Number(port);
  }

  /** Ctrl-C: a clean shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGINT');
  }

  /** SIGKILL: no clean shutdown, no chance to flush anything. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Kills the process and removes the data dir. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await once(child, 'exit');
  }
}
