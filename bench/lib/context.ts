import { startWorker, type Worker } from './workers.js';

/** The server runs on CPU 0, the load on CPU 1 (when taskset exists). */
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

export type ServerKind = 'parley' | 'parley-no-auth' | 'reference' | 'reference-no-auth';

export interface BenchOptions {
  runs: number;
  quick: boolean;
}

/** A server worker and a load worker, started together and stopped together. */
export interface Pair {
  server: Worker;
  load: Worker;
  url: string;
}

/** `serverArgs`: more flags for the server worker (see bench/servers/parley.ts). */
/**
 * A server of `kind` and a load agent. `profileServer`: a directory for a V8 CPU profile of the
 * server worker only (BENCH_PROFILE, when set, profiles both). If either fails to start, the
 * other is stopped.
 */
export async function startPair(
  kind: ServerKind,
  serverArgs: string[] = [],
  { profileServer }: { profileServer?: string | undefined } = {},
): Promise<Pair> {
  const script = kind.startsWith('parley')
    ? 'bench/servers/parley.ts'
    : 'bench/servers/reference.ts';
  const args = [...(kind.endsWith('no-auth') ? ['--no-auth'] : []), ...serverArgs];
  const started = await Promise.allSettled([
    startWorker(script, SERVER_CPU, args, profileServer),
    startWorker('bench/load/agent.ts', LOAD_CPU),
  ]);
  const [server, load] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  if (!server || !load) {
    await Promise.all([server?.stop(), load?.stop()]);
    const failed = started.find((s) => s.status === 'rejected');
    throw failed?.status === 'rejected' ? failed.reason : new Error('bench: a worker failed');
  }
  const pair = { server, load, url: '' };
  try {
    pair.url = await server.call<string>('url');
  } catch (error) {
    await stopPair(pair);
    throw error;
  }
  return pair;
}

export async function stopPair(pair: Pair): Promise<void> {
  await Promise.all([pair.server.stop(), pair.load.stop()]);
}

/** CPU µs used by both workers while `work` ran, and the wall time it took. */
export async function measured<T>(pair: Pair, work: () => Promise<T>) {
  const [s0, l0] = await Promise.all([
    pair.server.call<number>('cpu'),
    pair.load.call<number>('cpu'),
  ]);
  const t0 = performance.now();
  const result = await work();
  const wallMs = performance.now() - t0;
  const [s1, l1] = await Promise.all([
    pair.server.call<number>('cpu'),
    pair.load.call<number>('cpu'),
  ]);
  return {
    result,
    wallMs,
    serverCpuUs: s1 - s0,
    /** Share of one core each side used: near 1 means that side ran out of CPU. */
    serverBusy: (s1 - s0) / 1000 / wallMs,
    loadBusy: (l1 - l0) / 1000 / wallMs,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
