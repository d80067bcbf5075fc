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
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free loopback port, never Debian's own service on 6379, with no
 * persistence and no config file. Without Redis installed this throws: the cluster tests fail
 * in CI (which installs it) rather than skip.
 */
export async function startRedis(): Promise<RedisService> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  const child: ChildProcess = spawn('redis-server', [...args, '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(`redis-server did not start (apt-get install redis-server): ${error.message}`),
      ),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  exited.catch(() => {});
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([exited, ready(url)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
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
      client.destroy();
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
