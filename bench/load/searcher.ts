import { percentile } from '../lib/stats.js';
import type { WireClient } from '../lib/wire-client.js';

/**
 * The search bench's load: `queries` searched one after another by one client (first pages,
 * 20 hits), each timed from the request to its answer. Returns p50 and p99 in ms, and the
 * hits per query on average.
 */
export async function searchLatency(client: WireClient | undefined, queries: string[]) {
  if (!client) throw new Error('no client');
  const times: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const t0 = performance.now();
    const answer = await client.request<{ ok: boolean; hits?: unknown[] }>('search', { query });
    times.push(performance.now() - t0);
    if (!answer.ok) throw new Error(`search refused: ${JSON.stringify(answer)}`);
    hits += answer.hits?.length ?? 0;
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), hits: hits / queries.length };
}
