/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  return percentiles(values, [p])[0] ?? NaN;
}

/** Several percentiles from one sort (of a typed copy: numeric order, Infinity last). */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return ps.map((p) =>
    n === 0 ? NaN : (sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? NaN),
  );
}

/** Median, min and max of the runs of one figure. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The middle value; with an even count, the mean of the two middle ones (not the lower). */
export function median(values: number[]): number {
  if (values.length % 2 === 1) return percentile(values, 50);
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length / 2;
  return ((sorted[half - 1] ?? NaN) + (sorted[half] ?? NaN)) / 2;
}

/**
 * A figure whose max/min over runs or rounds passes this is reported with a warning: above it,
 * run-to-run noise is too large to read a 10–30 % change from the figure.
 */
export const SPREAD_WARNING = 1.3;

export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Runs `once` `runs` times and gathers each numeric figure it returns into a Spread. */
export async function repeat<T extends Record<string, number>>(
  runs: number,
  once: (run: number) => Promise<T>,
): Promise<Record<keyof T, Spread>> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await once(run));
  const keys = Object.keys(results[0] ?? {}) as Array<keyof T>;
  return Object.fromEntries(keys.map((key) => [key, spread(results.map((r) => r[key]))])) as Record<
    keyof T,
    Spread
  >;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
