import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from '../lib/context.js';
import { spread } from '../lib/stats.js';

/** One burst, as test/e2e/long-tasks-scenario.ts reports it (BurstFigures). */
interface Round {
  batchWindowMs: number | 'default';
  longestMs: number;
  count: number;
  totalMs: number;
  sent: number;
  delivered: number;
  burstMs: number;
  ackedMs: number;
  batches: number;
  singles: number;
}

/** What test/e2e/long-tasks.spec.ts writes to LONGTASKS_JSON. */
interface Figures {
  burst: { perSecond: number; seconds: number; senders: number };
  rounds: Round[];
}

/** The figures of one way of delivering (batched or not): median (min–max) over its rounds. */
function summary(rounds: Round[]) {
  const over = (pick: (r: Round) => number) => ({
    ...spread(rounds.map(pick)),
    perRound: rounds.map(pick),
  });
  return {
    'longest task (ms)': over((r) => r.longestMs),
    'long tasks': over((r) => r.count),
    'long-task time (ms)': over((r) => r.totalMs),
    'until the last message showed (ms)': over((r) => r.burstMs),
    'until the server acknowledged all (ms)': over((r) => r.ackedMs),
    'messages shown / sent': rounds.map((r) => `${r.delivered}/${r.sent}`).join(', '),
    'batches / single events to a batching socket': rounds
      .map((r) => `${r.batches}/${r.singles}`)
      .join(', '),
  };
}

/**
 * Long tasks (issue 16): the web client in Chromium, signed in with #general open, while 4
 * others send it 400 messages a second for 5 s over real sockets. The page collects Long Tasks
 * API entries (main-thread tasks of 50 ms or more); the server runs with its default batch
 * window (coalesced `messages` events) and with batchWindowMs 0 (one `message` event each),
 * alternating, two rounds each. It needs a browser page, so this part runs its spec,
 * test/e2e/long-tasks.spec.ts, as footprint.ts does, and reads the figures it writes; once,
 * whatever `--runs` says (the spec has its own rounds).
 */
export async function rendererLongTasks(_options: BenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-longtasks-'));
  const file = join(dir, 'longtasks.json');
  try {
    const cli = 'node_modules/@playwright/test/cli.js';
    const child = spawn(
      process.execPath,
      [cli, 'test', 'test/e2e/long-tasks.spec.ts', '--project', 'web'],
      // Playwright's report goes to stderr, with the bench's progress: stdout is the table.
      {
        stdio: ['ignore', process.stderr, process.stderr],
        // The full browser, as users run (playwright.config.ts).
        env: { ...process.env, LONGTASKS_JSON: file, PARLEY_E2E_BROWSER: 'full' },
      },
    );
    const [code] = (await once(child, 'exit')) as [number | null];
    let figures: Figures;
    try {
      figures = JSON.parse(readFileSync(file, 'utf8')) as Figures;
    } catch {
      throw new Error(`the long-tasks spec wrote no figures (exit code ${code})`);
    }
    const { perSecond, seconds, senders } = figures.burst;
    const batched = figures.rounds.filter((r) => r.batchWindowMs !== 0);
    const single = figures.rounds.filter((r) => r.batchWindowMs === 0);
    return {
      scenario: `${perSecond} messages/s for ${seconds} s from ${senders} people into the open room`,
      batched: summary(batched),
      'one event a message (batchWindowMs 0)': summary(single),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
