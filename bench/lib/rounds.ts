/**
 * Interleaved rounds: every kind runs once per round (ABCD ABCD …) instead of all of A's runs,
 * then all of B's. On a shared machine the load from other work drifts over minutes; interleaving
 * spreads that drift over every kind alike, and a ratio taken within one round (A/B measured
 * seconds apart) cancels most of it.
 */
import { spread, type Spread } from './stats.js';

/** A ratio measured once per round: its median, min and max, each round's value and max/min. */
export interface RoundRatio extends Spread {
  perRound: number[];
  /** max / min over the rounds: 1 is perfectly steady (NaN when min ≤ 0). */
  spread: number;
}

/**
 * Runs `once(kind, round)` for each kind in turn, `rounds` times; returns each kind's rounds.
 * `warmup` rounds run first and are dropped: a fresh server's first burst costs more (JIT, heap
 * growth): in connect, round 1 was the highest for every kind in every run we looked at.
 * `mirror`: each round runs the kinds forward and then backward (ABCD DCBA), and a kind's round
 * is `mirror` of its two results: a drift within the round then lands on every kind alike, and
 * two bursts a round halve the variance that one burst's own noise adds to a within-round ratio.
 */
export async function interleave<K extends string, T>(
  kinds: readonly K[],
  rounds: number,
  once: (kind: K, round: number) => Promise<T>,
  { warmup = 0, mirror }: { warmup?: number; mirror?: (first: T, second: T) => T } = {},
): Promise<Record<K, T[]>> {
  const out = Object.fromEntries(kinds.map((kind) => [kind, [] as T[]])) as Record<K, T[]>;
  for (let round = -warmup; round < rounds; round++) {
    const label = round < 0 ? 'warm-up' : `round ${round + 1}/${rounds}`;
    const run = (kind: K) => {
      console.error(`bench:   ${label} ${kind}`);
      return once(kind, round);
    };
    const got = new Map<K, T>();
    for (const kind of kinds) got.set(kind, await run(kind));
    if (mirror)
      for (const kind of [...kinds].reverse())
        got.set(kind, mirror(got.get(kind) as T, await run(kind)));
    if (round >= 0) for (const kind of kinds) out[kind].push(got.get(kind) as T);
  }
  return out;
}

/** Each numeric figure of `perRound` gathered into a Spread (median, min, max over rounds). */
export function summarize<T extends object>(perRound: T[]): Record<string, Spread> {
  const keys = Object.keys(perRound[0] ?? {}).filter(
    (key) => typeof (perRound[0] as Record<string, unknown>)[key] === 'number',
  );
  return Object.fromEntries(
    keys.map((key) => [
      key,
      spread(perRound.map((r) => (r as Record<string, number>)[key] ?? NaN)),
    ]),
  );
}

/** max / min of positive values; NaN when any is not positive or not finite. */
export function spreadFactor(values: readonly number[]): number {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) return NaN;
  return Math.max(...values) / Math.min(...values);
}

/** The per-round ratio a[i] / b[i] of one figure, with its median and spread. */
export function roundRatio(a: readonly number[], b: readonly number[]): RoundRatio {
  const perRound = a.map((value, i) => value / (b[i] ?? NaN));
  return { ...spread(perRound), perRound, spread: spreadFactor(perRound) };
}

/** `roundRatio` of figure `key` between two kinds' rounds. */
export function ratioOf<T extends object>(a: T[], b: T[], key: keyof T & string): RoundRatio {
  const pick = (rows: T[]) => rows.map((r) => Number(r[key]));
  return roundRatio(pick(a), pick(b));
}
