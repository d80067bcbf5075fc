import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeHeapSnapshot } from 'node:v8';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.js';
import { heapSampling } from './heap-sampling.js';
import { loopWatch } from './loop-watch.js';

/** A child process that answers calls over its IPC channel (see `serve`). */
export interface Worker {
  pid: number;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  stop(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: string };

export const TASKSET = spawnSync('taskset', ['--version']).status === 0;

/**
 * Starts `script` (TypeScript, through tsx) in its own process, pinned to `cpu` with taskset when
 * the machine has it, and resolves once the script calls `serve`.
 */
export function startWorker(
  script: string,
  cpu: number,
  args: string[] = [],
  profileDir = process.env.BENCH_PROFILE,
): Promise<Worker> {
  // BENCH_PROFILE=dir writes a V8 CPU profile of every worker there, to find where time goes.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const flags = workerFlags(script);
  const node = [process.execPath, '--expose-gc', ...flags, ...profile, '--import', 'tsx', script];
  node.push(...args);
  const [command, ...rest] = TASKSET ? ['taskset', '-c', String(cpu), ...node] : node;
  const child: ChildProcess = spawn(command ?? process.execPath, rest, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.on('message', (message: Reply | { ready: true }) => {
    if ('ready' in message) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready`)),
    );
    child.once('message', () =>
      resolve({
        pid: child.pid ?? 0,
        call: (method, params) =>
          new Promise((ok, fail) => {
            const id = nextId++;
            pending.set(id, { resolve: ok as (v: unknown) => void, reject: fail });
            child.send({ id, method, params });
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      }),
    );
  });
}

/**
 * The node flags of a worker: a chat server (bench/servers/) runs with the flags `npm run server`
 * gives Parley, the reference too, so that the comparison is of code, not of settings; then
 * BENCH_NODE_FLAGS where they apply (below).
 */
export function workerFlags(script: string): string[] {
  return [...(script.includes('bench/servers/') ? SERVER_NODE_FLAGS : []), ...nodeFlags(script)];
}

/**
 * BENCH_NODE_FLAGS="--trace-gc-nvp …": extra node/V8 flags for the workers whose script path
 * contains BENCH_FLAGS_FOR (default `servers/parley`, the Parley server alone), to trace one
 * process without the noise of the others.
 */
function nodeFlags(script: string): string[] {
  const flags = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  // `||`: an empty BENCH_FLAGS_FOR would match every worker, the load agents included.
  return script.includes(process.env.BENCH_FLAGS_FOR || 'servers/parley') ? flags : [];
}

/** In a worker: answers the parent's calls with these handlers, then says it is ready. */
// Handlers take their own parameter types; the parent is trusted to send the matching shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function serve(handlers: Record<string, (params: any) => unknown>): void {
  process.on('message', async (message: { id: number; method: string; params: unknown }) => {
    try {
      const handler = handlers[message.method];
      if (!handler) throw new Error(`no method ${message.method}`);
      process.send?.({ id: message.id, result: await handler(message.params) });
    } catch (error) {
      process.send?.({
        id: message.id,
        error: error instanceof Error ? error.stack : String(error),
      });
    }
  });
  // process.exit() from a signal handler still writes --cpu-prof profiles.
  process.on('SIGTERM', () => process.exit(0));
  // A parent that died without stopping its workers (a crash, a kill) must not leave them
  // running, pinned to a CPU the next bench measures on.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}

/** CPU time this process has used, in microseconds (user + system). */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * The calls every server worker (and the load agent) answers: CPU used so far, memory after a
 * full GC, and how its event loop and GC did between `loopStart` and `loopStop` (loop-watch.ts).
 */
export const processStats = {
  ...loopWatch,
  cpu: () => cpuMicros(),
  memory: () => {
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  },
  ...heapSampling,
  /** Writes a V8 heap snapshot after a GC to `file` (see bench/tools/heap-diff.ts). */
  heapSnapshot: (file: string) => {
    globalThis.gc?.();
    globalThis.gc?.();
    return writeHeapSnapshot(file);
  },
};
