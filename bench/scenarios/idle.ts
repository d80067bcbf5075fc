import { sleep, startPair, stopPair, type BenchOptions, type ServerKind } from '../lib/context.js';
import { repeat, type Spread } from '../lib/stats.js';

/** Scenario 3: memory per idle authenticated socket, after a GC, for several counts. */
export async function idleSockets(options: BenchOptions) {
  const counts = options.quick ? [5000] : [1000, 5000, 10_000];
  const results: Record<string, Record<string, Record<string, Spread>>> = {};
  for (const count of counts) {
    results[count] = {};
    for (const kind of ['parley', 'reference'] as ServerKind[]) {
      const pair = await startPair(kind);
      const { auths } = await pair.server.call<{ auths: object[] }>('users', { count });
      (results[count] as Record<string, Record<string, Spread>>)[kind] = await repeat(
        options.runs,
        async () => {
          const before = await pair.server.call<{ rss: number; heapUsed: number }>('memory');
          const connected = await pair.load.call<{ failures: number }>('connect', {
            url: pair.url,
            auths,
            concurrency: 50,
          });
          if (connected.failures > 0)
            throw new Error(`${kind}: ${connected.failures} connections failed`);
          await sleep(1500);
          const after = await pair.server.call<{ rss: number; heapUsed: number }>('memory');
          await pair.load.call('closeAll');
          await sleep(1000);
          return {
            heapBytesPerSocket: (after.heapUsed - before.heapUsed) / count,
            rssBytesPerSocket: (after.rss - before.rss) / count,
          };
        },
      );
      await stopPair(pair);
    }
  }
  return results;
}
