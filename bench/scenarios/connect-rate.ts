import {
  measured,
  sleep,
  startPair,
  stopPair,
  type BenchOptions,
  type ServerKind,
} from '../lib/context.js';
import { repeat, type Spread } from '../lib/stats.js';

const KINDS = (process.env.BENCH_KINDS?.split(',') ?? [
  'parley',
  'parley-no-auth',
  'reference',
  'reference-no-auth',
]) as ServerKind[];

/** Scenario 1: N sockets connect over websocket with pre-minted tokens. */
export async function connectRate(options: BenchOptions) {
  const count = options.quick ? 1000 : 5000;
  const results: Record<string, Record<string, Spread>> = {};
  for (const kind of KINDS) {
    const pair = await startPair(kind);
    const { auths } = await pair.server.call<{ auths: object[] }>('users', { count });
    results[kind] = await repeat(options.runs, async () => {
      // A full GC first, so that garbage from seeding or the last run is not billed to this one.
      await pair.server.call('memory');
      const run = await measured(pair, () =>
        pair.load.call<ConnectResult>('connect', { url: pair.url, auths }),
      );
      if (run.result.failures > 0)
        throw new Error(`${kind}: ${run.result.failures} connections failed`);
      await pair.load.call('closeAll');
      await sleep(500);
      return {
        connectionsPerSec: count / (run.result.wallMs / 1000),
        connectP50Ms: run.result.p50,
        connectP99Ms: run.result.p99,
        serverCpuUsPerConnection: run.serverCpuUs / count,
        serverBusy: run.serverBusy,
        loadBusy: run.loadBusy,
      };
    });
    await stopPair(pair);
  }
  const cpu = (kind: string) => results[kind]?.serverCpuUsPerConnection?.median ?? NaN;
  return {
    count,
    results,
    authOverheadParley: cpu('parley') / cpu('parley-no-auth') - 1,
    authOverheadReference: cpu('reference') / cpu('reference-no-auth') - 1,
  };
}

interface ConnectResult {
  wallMs: number;
  p50: number;
  p99: number;
  connected: number;
  failures: number;
}
