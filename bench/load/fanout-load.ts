/** The load agent's fan-out step: its clients send at a rate and time every delivery. */
import { percentiles } from '../lib/stats.js';
import type { WireClient } from '../lib/wire-client.js';

/** The agent's connected clients, and the room index of each (same order). */
interface Members {
  clients: WireClient[];
  roomOf: number[];
}

export interface FanoutStep {
  rate: number;
  durationMs: number;
  senders: number;
  roomIds: number[];
  stats?: boolean;
}

let runId = 0;
/** The latencies of the last `fanout`, kept for `fanoutStats`. */
let lastStep = { latencies: [] as number[], acks: [] as number[] };
/** What precedes a fan-out message's send time in a frame: its text is `t<sendTime>`. */
const TEXT = '"text":"t';
const now = () => performance.timeOrigin + performance.now();

/**
 * One step of the fan-out: `senders` clients send `rate` messages a second in total for
 * `durationMs`; every client counts what it receives and how late. Message text carries the send time.
 * `stats: false` leaves the percentiles to a `fanoutStats` call after it.
 */
export async function fanout(
  { clients, roomOf }: Members,
  { rate, durationMs, senders, roomIds, stats = true }: FanoutStep,
) {
  // Nothing of an earlier step may be read as this one's, even if this one fails.
  lastStep = { latencies: [], acks: [] };
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
  const sendingClients = pickSenders({ clients, roomOf }, senders, roomIds.length);
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
  if (refusal) throw new Error(`the server refused a send: ${refusal}`);
  // A send not acknowledged by now counts as infinitely late: leaving it out would make an
  // overloaded step's ack p99 look better (JSON has no Infinity: such a p99 arrives as null).
  lastStep = {
    latencies,
    acks: [...ackLatencies, ...Array<number>(sent - ackLatencies.length).fill(Infinity)],
  };
  const counts = { sent, acked, received, expected };
  return stats ? { ...counts, ...fanoutStats() } : counts;
}

/**
 * The last step's percentiles, then its latencies let go. Apart from `fanout` (with `stats:
 * false`) so that the sorting, seconds at the top rates, falls outside the step's measured
 * window: it is this process's bookkeeping, not a stall that delayed a delivery, and the server
 * sat idle through it. A full GC after, so that its garbage is not collected in the next step.
 */
export function fanoutStats() {
  const { latencies, acks } = lastStep;
  lastStep = { latencies: [], acks: [] };
  const [p50, p99] = percentiles(latencies, [50, 99]);
  const [ackP50, ackP99] = percentiles(acks, [50, 99]);
  globalThis.gc?.();
  return { p50, p99, ackP50, ackP99 };
}

/** One sender per room, then more round-robin across rooms. */
function pickSenders({ clients, roomOf }: Members, count: number, rooms: number): WireClient[] {
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
