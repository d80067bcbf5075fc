import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { heapSampling } from './heap-sampling.js';

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
  const flags = nodeFlags(script);
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

let loopDelay: IntervalHistogram | undefined;

/**
 * The calls every server worker (and the load agent) answers: CPU used so far, memory after a
 * full GC, and how late its event loop ran between `loopStart` and `loopStop` (p50/p99/max in
 * ms, the 5 ms sampling interval included): the process's own share of a latency, apart from
 * the other processes' share of the CPU.
 */
export const processStats = {
  loopStart: () => {
    loopDelay?.disable();
    loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
  },
  loopStop: () => {
    loopDelay?.disable();
    const ms = (ns: number | undefined) => (ns ?? NaN) / 1e6;
    return {
      p50: ms(loopDelay?.percentile(50)),
      p99: ms(loopDelay?.percentile(99)),
      max: ms(loopDelay?.max),
    };
  },
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
