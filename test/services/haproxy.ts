import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** The configuration the deployment example ships, run here as is. */
export const HAPROXY_CONFIG = join(import.meta.dirname, '../../docs/deploy/haproxy.cfg');

/** A private HAProxy: its own process and port, stopped after use. */
export interface BalancerService {
  /** `http://127.0.0.1:PORT`, where clients connect. */
  url: string;
  stop(): Promise<void>;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });

/**
 * Starts `haproxy` (in the foreground, -db) with docs/deploy/haproxy.cfg in front of `nodes`
 * (three `host:port`), on a free loopback port. Without HAProxy installed this throws: in CI
 * the balancer tests fail rather than skip (`.ci/run` installs it).
 */
export async function startHaproxy(nodes: [string, string, string]): Promise<BalancerService> {
  // The free port is released before HAProxy binds it: another process may take it meanwhile.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), nodes);
    } catch (error) {
      if (attempt === 3 || !/cannot bind|in use/i.test(String(error))) throw error;
    }
  }
}

async function startOn(port: number, nodes: [string, string, string]): Promise<BalancerService> {
  const env = {
    ...process.env,
    PARLEY_BIND: `127.0.0.1:${port}`,
    PARLEY_NODE1: nodes[0],
    PARLEY_NODE2: nodes[1],
    PARLEY_NODE3: nodes[2],
  };
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', HAPROXY_CONFIG], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  // Its first complaints say why it failed; the rest (servers going up and down) is not kept.
  child.stderr
    ?.setEncoding('utf8')
    .on('data', (chunk: string) => (said = (said + chunk).slice(0, 4000)));
  const failed = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`${error.message} (apt-get install haproxy)`));
    child.once('exit', (code) => resolve(`exited with ${code}: ${said}`));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  };
  for (let i = 0; i < 100; i++) {
    const why = await Promise.race([
      failed,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)),
    ]);
    if (why !== undefined) throw new Error(`haproxy did not start: ${why}`);
    if (await accepts(port)) return { url: `http://127.0.0.1:${port}`, stop };
  }
  await stop();
  throw new Error('haproxy did not listen within 5 s');
}
