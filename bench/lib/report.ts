import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figures } from './compare.js';
import { headlineGoals } from './goals.js';
import { TASKSET } from './workers.js';
import { round, SPREAD_WARNING, type Spread } from './stats.js';

const PACKAGES = ['socket.io', 'engine.io', 'ws', 'express', 'jsonwebtoken', 'better-sqlite3'];

function versionOf(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'missing';
  }
}

const isSpread = (value: unknown): value is Spread =>
  typeof value === 'object' && value !== null && 'median' in value && 'min' in value;

/**
 * Flattens nested results into "path: median (min–max)" rows; a per-round ratio also shows each
 * round's value. Raw rounds (`perRound`) are in the JSON only.
 */
function rows(value: unknown, path: string[] = []): string[] {
  if (isSpread(value)) {
    const perRound = (value as { perRound?: unknown }).perRound;
    const rates = (value as { rates?: unknown }).rates;
    const rounds =
      (Array.isArray(perRound)
        ? `  rounds: ${perRound.map((v: number) => round(v, 3)).join(', ')}`
        : '') + (Array.isArray(rates) ? ` at ${rates.join(', ')} msg/s` : '');
    return [
      `${path.join(' › ').padEnd(72)} ${String(round(value.median, 2)).padStart(12)}  (${round(value.min, 2)} – ${round(value.max, 2)})${rounds}`,
    ];
  }
  if (typeof value === 'number')
    return [`${path.join(' › ').padEnd(72)} ${String(round(value, 3)).padStart(12)}`];
  if (Array.isArray(value)) return [];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([key]) => key !== 'perRound')
      .flatMap(([key, inner]) => rows(inner, [...path, key]));
  }
  return [`${path.join(' › ').padEnd(72)} ${String(value).padStart(12)}`];
}

/** "⚠ spread …" lines for every figure whose max/min over runs or rounds passes SPREAD_WARNING. */
export function spreadWarnings(results: Record<string, unknown>): string[] {
  return [...figures(results)]
    .filter(([, f]) => f.spread && f.min > 0 && f.max / f.min > SPREAD_WARNING)
    .map(
      ([path, f]) =>
        `⚠ spread ${round(f.max / f.min, 2)}× (max/min > ${SPREAD_WARNING}): ${path}, ${round(f.min, 2)} – ${round(f.max, 2)}`,
    );
}

/** Prints the table, spread warnings and issue 16's goals; writes bench/results/<date>.json. */
export async function report(
  results: Record<string, unknown>,
  options: { runs: Record<string, number>; quick: boolean },
): Promise<string> {
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
    pinned: TASKSET ? 'server on CPU 0, load on CPU 1 (taskset)' : 'not pinned (no taskset)',
    runs: options.runs,
    quick: options.quick,
  };
  const runs = Object.entries(meta.runs)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  console.log(
    `\nParley benchmarks, ${meta.date}, Node ${meta.node}, ${meta.pinned}; median (min – max) over runs or interleaved rounds (${runs})\n`,
  );
  for (const line of rows(results)) console.log(line);
  const warnings = spreadWarnings(results);
  if (warnings.length > 0) console.log('');
  for (const line of warnings) console.log(line);
  const goals = headlineGoals(results);
  if (goals.length > 0) console.log('\nIssue 16 goals:');
  for (const goal of goals)
    console.log(`  ${goal.verdict.toUpperCase().padEnd(8)} ${goal.goal}: ${goal.figure}`);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `${meta.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ ...meta, results }, null, 2) + '\n');
  console.log(`\nwritten to ${file}`);
  return file;
}
