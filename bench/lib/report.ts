import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TASKSET } from './workers.js';
import { round, type Spread } from './stats.js';

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

/** Flattens nested results into "path: median (min–max)" rows. */
function rows(value: unknown, path: string[] = []): string[] {
  if (isSpread(value)) {
    return [
      `${path.join(' › ').padEnd(72)} ${String(round(value.median, 2)).padStart(12)}  (${round(value.min, 2)} – ${round(value.max, 2)})`,
    ];
  }
  if (typeof value === 'number')
    return [`${path.join(' › ').padEnd(72)} ${String(round(value, 3)).padStart(12)}`];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => rows(inner, [...path, key]));
  }
  return [`${path.join(' › ').padEnd(72)} ${String(value).padStart(12)}`];
}

/** Prints the table and writes bench/results/<date>.json. */
export async function report(
  results: Record<string, unknown>,
  options: { runs: number; quick: boolean },
) {
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
    pinned: TASKSET ? 'server on CPU 0, load on CPU 1 (taskset)' : 'not pinned (no taskset)',
    runs: options.runs,
    quick: options.quick,
  };
  console.log(
    `\nParley benchmarks, ${meta.date}, Node ${meta.node}, ${meta.pinned}; median (min – max) of ${meta.runs} runs\n`,
  );
  for (const line of rows(results)) console.log(line);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `${meta.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ ...meta, results }, null, 2) + '\n');
  console.log(`\nwritten to ${file}`);
}
