/** Bench worker: the load generator. Holds WireClients and drives them as the parent asks. */
import { percentile } from '../lib/stats.js';
import { WireClient } from '../lib/wire-client.js';
import { loopFreeze } from '../lib/loop-watch.js';
import { processStats, serve } from '../lib/workers.js';
import { FeedReader } from './feed-reader.js';
import { searchLatency } from './searcher.js';

let clients: WireClient[] = [];
let roomOf: number[] = [];
let runId = 0;
/** What precedes a fan-out message's send time in a frame: its text is `t<sendTime>`. */
const TEXT = '"text":"t';
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

/**
 * One step of the fan-out: `senders` clients send `rate` messages a second in total for
 * `durationMs`; every client counts what it receives and how late. Message text carries the send time.
 */
async function fanout({
  rate,
  durationMs,
  senders,
  roomIds,
}: {
  rate: number;
  durationMs: number;
  senders: number;
  roomIds: number[];
}) {
  const latencies: number[] = [];
  let received = 0;
  /** The send times (as sent, after the `t`) of each sending client's own messages. */
  const sentBy = new Map<WireClient, Set<string>>();
  for (const client of clients) {
    client.onEvent = (frame) => {
      if (frame.startsWith('42["message"')) {
        received++;
        const at = frame.indexOf('"text":"t');
        if (at >= 0) latencies.push(now() - parseFloat(frame.slice(at + 9)));
      } else if (frame.startsWith('42["messages"')) {
        // A batch (clients that asked for them): one delivery and one latency per message in it.
        // A scan for the texts rather than JSON.parse, so the load process stays cheap.
        // A sender's own messages may be in its batches: those are not deliveries.
        const at = now();
        const own = sentBy.get(client);
        for (let i = frame.indexOf(TEXT); i >= 0; i = frame.indexOf(TEXT, i + TEXT.length)) {
          const start = i + TEXT.length;
          if (own?.has(frame.slice(start, frame.indexOf('"', start)))) continue;
          received++;
          latencies.push(at - parseFloat(frame.slice(start)));
        }
      }
    };
  }
  const sendingClients = pickSenders(senders, roomIds.length);
  for (const client of sendingClients) sentBy.set(client, new Set());
  let sent = 0;
  let acked = 0;
  /** Send to acknowledgement, ms (see Step.ackP99Ms in bench/lib/fanout-step.ts). */
  const ackLatencies: number[] = [];
  let refusal: string | undefined;
  runId++;
  const expectedPerMessage = new Map<number, number>();
  for (const [i, c] of sendingClients.entries()) {
    const peers = roomOf.filter((r) => r === roomOf[clients.indexOf(c)]).length - 1;
    expectedPerMessage.set(i, peers);
  }
  let expected = 0;
  const interval = 10;
  const perTick = (rate * interval) / 1000;
  let carry = 0;
  const end = now() + durationMs;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (now() >= end) {
        clearInterval(timer);
        return resolve();
      }
      carry += perTick;
      for (; carry >= 1; carry--) {
        const index = sent % sendingClients.length;
        const client = sendingClients[index];
        if (!client) continue;
        const roomId = roomIds[roomOf[clients.indexOf(client)] ?? 0] ?? 1;
        const clientId = `c${process.pid}_${runId}_${sent}`;
        const sentAt = now();
        const time = String(sentAt);
        sentBy.get(client)?.add(time);
        void client
          .request('message:send', { roomId, text: `t${time}`, clientId })
          .then((answer) => {
            ackLatencies.push(now() - sentAt);
            if ((answer as { ok?: boolean }).ok) acked++;
            else refusal ??= JSON.stringify(answer);
          });
        expected += expectedPerMessage.get(index) ?? 0;
        sent++;
      }
    }, interval);
  });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let the last deliveries land
  for (const client of clients) client.onEvent = undefined;
  // The step's deliveries are in: what follows (sorting every latency, seconds at the top rates)
  // is the agent's own bookkeeping, not a stall that delayed any of them.
  loopFreeze();
  if (refusal) throw new Error(`the server refused a send: ${refusal}`);
  const withUnacked = [
    ...ackLatencies,
    ...Array<number>(sent - ackLatencies.length).fill(Infinity),
  ];
  return {
    sent,
    acked,
    received,
    expected,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    // A send not acknowledged by now counts as infinitely late: leaving it out would make an
    // overloaded step's ack p99 look better (JSON has no Infinity: such a p99 arrives as null).
    ackP50: percentile(withUnacked, 50),
    ackP99: percentile(withUnacked, 99),
  };
}

/** One sender per room, then more round-robin across rooms. */
function pickSenders(count: number, rooms: number): WireClient[] {
  const chosen: WireClient[] = [];
  for (let i = 0; chosen.length < count && i < clients.length; i++) {
    const room = chosen.length % Math.max(1, rooms);
    const index = roomOf.findIndex(
      (r, j) => r === room && !chosen.includes(clients[j] as WireClient),
    );
    const client = clients[index];
    if (client) chosen.push(client);
  }
  return chosen;
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
  fanout,
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
