import {
  measured,
  sleep,
  startPair,
  stopPair,
  type BenchOptions,
  type Pair,
  type ServerKind,
} from '../lib/context.js';
import { interleave, ratioOf, summarize } from '../lib/rounds.js';

const ALL_KINDS: ServerKind[] = ['parley', 'parley-no-auth', 'reference', 'reference-no-auth'];
/** BENCH_KINDS: some of the four, comma-separated (a misspelt one would measure the wrong thing). */
const KINDS = (process.env.BENCH_KINDS?.split(',') ?? ALL_KINDS).map((kind, i, all) => {
  if (!ALL_KINDS.includes(kind as ServerKind)) throw new Error(`BENCH_KINDS: no kind "${kind}"`);
  if (all.indexOf(kind) !== i) throw new Error(`BENCH_KINDS: "${kind}" twice`);
  return kind as ServerKind;
});

/** The per-round ratios of server CPU per connection: [name, numerator kind, denominator kind]. */
const RATIOS: Array<[string, ServerKind, ServerKind]> = [
  ['parley/parley-no-auth', 'parley', 'parley-no-auth'],
  ['reference/reference-no-auth', 'reference', 'reference-no-auth'],
  ['parley/reference', 'parley', 'reference'],
];

/** A server process and its seeded handshakes: with tokens, and bare `{ userId }` ones. */
interface Seeded {
  pair: Pair;
  auths: object[];
  bare: object[];
}

/** A kind's round: its two bursts pooled (same count each). */
interface Round {
  /** Both bursts' connections over both bursts' wall time. */
  connectionsPerSec: number;
  /** The mean of the two bursts' own p50 and p99 (the agent returns percentiles, not times). */
  connectP50Ms: number;
  connectP99Ms: number;
  /** Both bursts' server CPU over both bursts' connections. */
  serverCpuUsPerConnection: number;
  /** CPU over wall time, both bursts together. */
  serverBusy: number;
  loadBusy: number;
  wallMs: number;
}

/** Two bursts of `count` connections each, as one round. */
const pooled =
  (count: number) =>
  (a: Round, b: Round): Round => {
    const wallMs = a.wallMs + b.wallMs;
    const byWall = (key: 'serverBusy' | 'loadBusy') =>
      (a[key] * a.wallMs + b[key] * b.wallMs) / wallMs;
    return {
      connectionsPerSec: (2 * count) / (wallMs / 1000),
      connectP50Ms: (a.connectP50Ms + b.connectP50Ms) / 2,
      connectP99Ms: (a.connectP99Ms + b.connectP99Ms) / 2,
      serverCpuUsPerConnection: (a.serverCpuUsPerConnection + b.serverCpuUsPerConnection) / 2,
      serverBusy: byWall('serverBusy'),
      loadBusy: byWall('loadBusy'),
      wallMs,
    };
  };

/** The server process a kind runs on: a kind and its no-auth twin share one. */
const processOf = (kind: ServerKind) => kind.replace(/-no-auth$/, '') as 'parley' | 'reference';

/**
 * Scenario 1: N sockets connect over websocket with tokens minted before each burst. Two server
 * processes (each with its load worker), Parley's and the reference's, each serve bursts with
 * tokens and, for the no-auth kinds, bursts with a bare user id that it takes unverified
 * (`--mixed-auth`). A kind and its no-auth twin run in one process because in one run of 1,000
 * connections a burst, one process ran the same code 14 % slower than another, round after round
 * (docs/bench-connect-process-bias-2026-12-07.txt): more than the 10 % the auth goal allows.
 * The four kinds run in turn, two connect bursts each per round in mirrored order (ABCD DCBA),
 * so that drift on a shared machine lands on every kind alike; the auth overhead is the median
 * of the per-round ratios. A first, unmeasured round warms every server up. Parley gets tokens
 * it has never seen before every burst: it remembers tokens it verified, and presenting the same
 * ones again would measure a reconnect, the cheaper case (the auth scenario measures both).
 * Both of Parley's kinds pass through the benchmark identity's check for a token, a property
 * test and a call, before the real middleware or the bare lookup: alike, and small beside the
 * ~500 µs a connection costs.
 */
export async function connectRate(options: BenchOptions) {
  const count = options.quick ? 1000 : 5000;
  const pairs = new Map<'parley' | 'reference', Seeded>();
  let batch = 0;
  try {
    for (const name of new Set(KINDS.map(processOf))) {
      const pair = await startPair(name, ['--mixed-auth']);
      pairs.set(name, { pair, auths: [], bare: [] });
      const seeded = await pair.server.call<Omit<Seeded, 'pair'>>('users', {
        count,
      });
      pairs.set(name, { pair, ...seeded });
    }
    const rounds = await interleave(
      KINDS,
      options.runs,
      async (kind): Promise<Round> => {
        const { pair, auths: seeded, bare } = pairs.get(processOf(kind)) as Seeded;
        const auths = kind.endsWith('-no-auth')
          ? bare
          : kind === 'parley'
            ? await pair.server.call<object[]>('freshTokens', { batch: ++batch })
            : seeded;
        // A full GC first, so that garbage from seeding or the last round is not billed to this one.
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
          wallMs: run.result.wallMs,
        };
      },
      // One unmeasured round first: each server's first burst runs cold.
      { warmup: 1, mirror: pooled(count) },
    );
    const ratios = Object.fromEntries(
      RATIOS.filter(([, a, b]) => rounds[a] && rounds[b]).map(([name, a, b]) => [
        name,
        ratioOf(rounds[a], rounds[b], 'serverCpuUsPerConnection'),
      ]),
    );
    const overhead = (name: string) => (ratios[name]?.median ?? NaN) - 1;
    return {
      count,
      rounds: options.runs,
      burstsPerRound: 2,
      warmupRounds: 1,
      freshTokens: true,
      /** Each kind and its no-auth twin ran in one server process (since 2026-12-07). */
      authPairsInOneProcess: true,
      results: Object.fromEntries(KINDS.map((kind) => [kind, summarize(rounds[kind])])),
      /** Server CPU per connection, each ratio taken within one round. */
      ratios,
      authOverheadParley: overhead('parley/parley-no-auth'),
      authOverheadReference: overhead('reference/reference-no-auth'),
      perRound: rounds,
    };
  } finally {
    await Promise.all([...pairs.values()].map(({ pair }) => stopPair(pair)));
  }
}

interface ConnectResult {
  wallMs: number;
  p50: number;
  p99: number;
  connected: number;
  failures: number;
}
