import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from './free-port.js';

/** A private Redis server: its own process, port and folder, stopped after use. */
export interface RedisService {
  url: string;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers, as in a partition. */
  pause(): void;
  resume(): void;
  /**
   * Stops the server and starts it again on the same port: a clean shutdown (SIGTERM), or with
   * `kill`, SIGKILL (a paused server dies without reading the commands sent to it meanwhile).
   * Without AOF its data (the adapter's stream) is gone afterwards.
   */
  restart(how?: { kill?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** The server's process id (the benchmarks read its CPU time). */
  pid(): number;
}

/**
 * Starts `redis-server` on a free loopback port, never Debian's own service on 6379, with no
 * persistence and no config file. Without Redis installed this throws: the cluster tests fail
 * in CI (which installs it) rather than skip.
 */
export async function startRedis(options: { aof?: boolean } = {}): Promise<RedisService> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  // With AOF every write is synced at once, so that a restart keeps the whole stream.
  const persistence = options.aof
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', [...args, ...persistence], { stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(
          new Error(`redis-server did not start (apt-get install redis-server): ${error.message}`),
        ),
      );
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
    exited.catch(() => {});
    await Promise.race([exited, ready(url)]);
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      // SIGKILL ends even a paused server, before it reads what waits on its sockets; any other
      // signal needs it running to act.
      if (signal !== 'SIGKILL') child.kill('SIGCONT');
      child.kill(signal);
      await gone;
    }
  };
  const stop = async () => {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    pid: () => child.pid ?? 0,
    async restart(how = {}) {
      await halt(how.kill ? 'SIGKILL' : 'SIGTERM');
      await launch();
    },
    stop,
  };
}

/** Resolves once the server answers PING (tries for 10 s). */
async function ready(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      client.destroy();
      return;
    } catch (error) {
      // A client whose connect failed is closed already, and destroying it again throws.
      if (client.isOpen) client.destroy();
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
