import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tempDir } from '../server/helpers.js';

/** The compiled CLI in its own process, so that it can be killed with SIGKILL. */
export class CliServer {
  private child: ChildProcess | undefined;
  readonly dataDir = tempDir();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [
      'dist/node/server/cli.js',
      '--port',
      String(this.port),
      '--data',
      this.dataDir,
    ]);
    this.child = child;
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const deadline = Date.now() + 15_000;
    while (!/http:\/\/127\.0\.0\.1:(\d+)\//.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`server did not start:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
  }

  /** SIGKILL: no clean shutdown, no chance to flush anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGINT');
    await once(child, 'exit');
  }
}

/**
 * Creates accounts straight in the data dir before the server starts: the CLI's registration
 * limit (20 an hour per address) would stop a test that needs many users from one address.
 * All share one password hash; logins still go through the server.
 */
export async function seedUsers(
  dataDir: string,
  usernames: string[],
  password = 'correct horse',
): Promise<void> {
  const { openSqliteStore } = await import('../../server/storage/sqlite/sqlite-store.js');
  const { hashPassword } = await import('../../server/auth/passwords.js');
  const store = openSqliteStore(dataDir);
  const passwordHash = await hashPassword(password, 16384);
  for (const username of usernames) {
    const outcome = await store.registerUser(
      { username, displayName: username, passwordHash },
      { policy: 'open', now: Date.now() },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  await store.close();
}

/** Logs in over HTTP and returns the access token. */
export async function loginToken(
  url: string,
  username: string,
  password = 'correct horse',
): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`login ${username}: ${JSON.stringify(body)}`);
  return body.token;
}
