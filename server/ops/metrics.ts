import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';

const require = createRequire(import.meta.url);
let prom: typeof Prom | undefined;
/** prom-client on first use: a server with metrics off (the default) never loads its ~90 files. */
const promClient = () => (prom ??= require('prom-client') as typeof Prom);

/**
 * What the server reports as it runs. Calls are cheap either way; with metrics off the server
 * holds {@link noMetrics}, whose calls do nothing.
 */
export interface Metrics {
  /** A `message:send` was stored and acknowledged. */
  messageSent(): void;
  /** A socket handshake was refused with this error code. */
  handshakeRefused(code: string): void;
  /** A rate limit said no; `budget` names which (a fixed set: never client-chosen). */
  rateLimited(budget: string): void;
}

/** Metrics off: every call is a no-op. */
export const noMetrics: Metrics = {
  messageSent: () => {},
  handshakeRefused: () => {},
  rateLimited: () => {},
};

/** What the gauges read at scrape time. */
export interface GaugeSources {
  sockets(): number;
  rooms(): number;
}

/** Seconds: a store call takes from well under a millisecond (a read) to seconds (a backup). */
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * Metrics on: prom-client counters, gauges and histograms in a registry of this server's own,
 * so that two servers in one process (tests, the desktop host) never share or clash. The
 * process's own metrics (event-loop lag, memory, CPU, GC) come from prom-client's defaults.
 */
export class PromMetrics implements Metrics {
  readonly registry: Prom.Registry;
  private readonly messages: Prom.Counter;
  private readonly refusals: Prom.Counter<'code'>;
  private readonly limited: Prom.Counter<'budget'>;
  /** Time of every ChatStore call, by method (see timed-store.ts). */
  readonly dbSeconds: Prom.Histogram<'method'>;

  constructor() {
    const { Counter, Histogram, Registry, collectDefaultMetrics } = promClient();
    const registers = [(this.registry = new Registry())];
    this.messages = new Counter({
      name: 'parley_messages_total',
      help: 'Messages sent (message:send acknowledged); rate() of it is messages per second.',
      registers,
    });
    this.refusals = new Counter({
      name: 'parley_handshake_refusals_total',
      help: 'Socket handshakes refused, by error code.',
      labelNames: ['code'] as const,
      registers,
    });
    this.limited = new Counter({
      name: 'parley_rate_limited_total',
      help: 'Requests and events refused by a rate limit, by budget.',
      labelNames: ['budget'] as const,
      registers,
    });
    this.dbSeconds = new Histogram({
      name: 'parley_db_seconds',
      help: 'Time of storage calls in seconds, by ChatStore method.',
      labelNames: ['method'] as const,
      buckets: DB_BUCKETS,
      registers,
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds the gauges, read from `sources` at each scrape (nothing to keep up to date). */
  watch(sources: GaugeSources): void {
    const { Gauge } = promClient();
    new Gauge({
      name: 'parley_sockets',
      help: 'Open Socket.IO connections.',
      registers: [this.registry],
      collect() {
        this.set(sources.sockets());
      },
    });
    new Gauge({
      name: 'parley_rooms',
      help: 'Chat rooms with at least one member connected.',
      registers: [this.registry],
      collect() {
        this.set(sources.rooms());
      },
    });
  }

  messageSent(): void {
    this.messages.inc();
  }

  handshakeRefused(code: string): void {
    this.refusals.inc({ code });
  }

  rateLimited(budget: string): void {
    this.limited.inc({ budget });
  }
}

type Next = (err?: Error & { data?: unknown }) => void;

/**
 * `middleware` (a Socket.IO one) counting its refusals by their error code (`err.data.code`, as
 * every handshake refusal of ours carries); `middleware` itself when metrics are off.
 */
export function countingRefusals<S, N extends Next>(
  middleware: (socket: S, next: N) => unknown,
  metrics: Metrics | undefined,
): (socket: S, next: N) => unknown {
  if (!metrics) return middleware;
  return (socket, next) =>
    middleware(socket, ((err?: Error & { data?: unknown }) => {
      if (err) metrics.handshakeRefused(String((err.data as { code?: unknown })?.code ?? 'other'));
      next(err);
    }) as N);
}
