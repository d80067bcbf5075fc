/** Bench worker: the load generator. Holds WireClients and drives them as the parent asks. */
import { percentile } from '../lib/stats.js';
import { WireClient } from '../lib/wire-client.js';
import { processStats, serve } from '../lib/workers.js';
import { fanout, fanoutStats, type FanoutStep } from './fanout-load.js';
import { FeedReader } from './feed-reader.js';
import { searchLatency } from './searcher.js';

let clients: WireClient[] = [];
let roomOf: number[] = [];
const now = () => performance.timeOrigin + performance.now();

/**
 * Connects every auth, at most `concurrency` at once; returns each time to connect, in ms.
 * `urls` (a cluster's nodes): auth i goes to `urls[i % urls.length]`, so that the members of a
 * room, and its senders, alternate between nodes.
 */
async function connect({
  url,
  urls = [url],
  auths,
  concurrency = 100,
}: {
  url: string;
  urls?: string[];
  auths: object[];
  concurrency?: number;
}) {
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const base = clients.length;
  const started = now();
  const lane = async () => {
    while (next < auths.length) {
      const index = next++;
      const t0 = now();
      try {
        // Kept in the order of `auths`, which is the order of room membership on the server.
        const to = urls[index % urls.length] ?? url;
        clients[base + index] = await WireClient.connect(to, auths[index] ?? {});
        times.push(now() - t0);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  clients = clients.filter((client) => client !== undefined);
  return {
    wallMs: now() - started,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    connected: times.length,
    failures,
  };
}

/** Sequential history requests from the first client; returns latencies in ms. */
async function history({
  roomId,
  before,
  count,
}: {
  roomId: number;
  before: number;
  count: number;
}) {
  const client = clients[0];
  if (!client) throw new Error('no client');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = now();
    const answer = await client.request('message:history', { roomId, before, limit: 50 });
    if (!(answer as { ok?: boolean }).ok) throw new Error(JSON.stringify(answer));
    times.push(now() - t0);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

let reader: FeedReader | undefined;

serve({
  connect,
  fanout: (step: FanoutStep) => fanout({ clients, roomOf }, step),
  fanoutStats,
  history,
  /** The search bench: `queries` one after another from the first client. */
  search: ({ queries }: { queries: string[] }) => searchLatency(clients[0], queries),
  /** The change feed bench's reader loads its rooms (then goes away). */
  feedHold: async ({ url, auth }: { url: string; auth: object }) => {
    reader = new FeedReader(url, auth);
    return reader.hold();
  },
  feedCatchUp: () => {
    if (!reader) throw new Error('feedHold first');
    return reader.catchUp();
  },
  /** Which room index each connected client is in, in connection order. */
  assignRooms: ({ perRoom }: { perRoom: number }) => {
    roomOf = clients.map((_, i) => (perRoom > 0 ? Math.floor(i / perRoom) : 0));
  },
  closeAll: async () => {
    for (const client of clients) client.close();
    clients = [];
    roomOf = [];
    await new Promise((resolve) => setTimeout(resolve, 300));
  },
  // CPU, and the event loop's delay: a fan-out step's latency is the server's and this process's.
  ...processStats,
});
