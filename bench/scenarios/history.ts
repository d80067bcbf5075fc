import { startPostgres } from '../../test/services/postgres.js';
import { startPair, stopPair, type BenchOptions } from '../lib/context.js';
import { repeat, type Spread } from '../lib/stats.js';

/** Scenario 5: message:history latency at the newest end, the middle and the oldest end. */
export function history(options: BenchOptions) {
  return historyWith(options, []);
}

/**
 * The same on PostgreSQL (issue 15: p99 under 20 ms at 1,000,000 messages): a private server
 * started for the run (test/services/postgres.ts: fsync off, which reads do not feel).
 */
export async function historyPostgres(options: BenchOptions) {
  const postgres = await startPostgres();
  try {
    return await historyWith(options, ['--postgres', await postgres.createDatabase()]);
  } finally {
    await postgres.stop();
  }
}

async function historyWith(options: BenchOptions, serverArgs: string[]) {
  const count = options.quick ? 100_000 : 1_000_000;
  const pair = await startPair('parley', serverArgs);
  try {
    const { auths } = await pair.server.call<{ auths: object[] }>('users', { count: 1 });
    const { lo, hi } = await pair.server.call<{ lo: number; hi: number }>('history', {
      roomId: 1,
      count,
    });
    await pair.load.call('connect', { url: pair.url, auths });
    const anchors = { newest: hi + 1, middle: Math.floor((lo + hi) / 2), oldest: lo + 60 };
    const results: Record<string, Record<string, Spread>> = {};
    for (const [name, before] of Object.entries(anchors)) {
      results[name] = await repeat(options.runs, () =>
        pair.load.call<{ p50: number; p99: number }>('history', { roomId: 1, before, count: 300 }),
      );
    }
    return { messages: count, ...results };
  } finally {
    await stopPair(pair);
  }
}
