import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** A line of JSON a child script printed; every one says which `event` it is. */
export type Report = { event: string } & Record<string, any>;

/** A script of test/lan/ running in a network namespace, talking JSON lines on stdout. */
export interface NsProcess {
  /** Resolves with the first report (past or future) that passes `accept`, or fails in time. */
  report(accept: (report: Report) => boolean, what: string, timeoutMs?: number): Promise<Report>;
  /** The last report so far that passes `accept`. */
  latest(accept: (report: Report) => boolean): Report | undefined;
  /** SIGTERM (the scripts shut down cleanly on it), then SIGKILL if it lingers; resolves on exit. */
  stop(): Promise<void>;
}

/** Every child still running, so that afterAll can end them even when a test failed. */
const running = new Set<ChildProcess>();

/**
 * Runs `node --import tsx test/lan/<script>` inside `ns` (`ip netns exec` execs in place, so the
 * child's pid is node's own). `env` is added to this process's environment; a key set to
 * undefined is removed, which is how a script is let advertise despite PARLEY_NO_MDNS.
 */
export function runIn(
  ns: string,
  script: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): NsProcess {
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  const file = join(process.cwd(), 'test/lan', script);
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, '--import', 'tsx', file, ...args],
    { cwd: process.cwd(), env: merged, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const exited = once(child, 'exit').then(() => void running.delete(child));
  const reports: Report[] = [];
  let stderr = '';
  let pending = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{')) reports.push(JSON.parse(line) as Report);
      else stderr += `${line}\n`;
    }
    waiters.forEach((wake) => wake());
  });
  child.on('exit', () => waiters.forEach((wake) => wake()));

  return {
    report(accept, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail('timed out'), timeoutMs);
        const fail = (why: string) => {
          waiters.delete(check);
          clearTimeout(timer);
          const seen = reports.map((r) => JSON.stringify(r)).join('\n');
          reject(new Error(`${script} in ${ns}: ${why} waiting for ${what}\n${seen}\n${stderr}`));
        };
        const check = () => {
          const found = reports.find(accept);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) fail('exited');
        };
        waiters.add(check);
        check();
      });
    },
    latest: (accept) => reports.findLast(accept),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Kills every child still running (afterAll), and waits for them to be gone. */
export async function killAll(): Promise<void> {
  const exits = [...running].map((child) => {
    const gone = once(child, 'exit');
    child.kill('SIGKILL');
    return gone;
  });
  await Promise.all(exits);
}
