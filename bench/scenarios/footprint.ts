import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from '../lib/context.js';

/** What test/e2e/footprint.spec.ts writes to FOOTPRINT_JSON. */
interface Figures {
  servers: number;
  rooms: number;
  messages: number;
  goalMB: number;
  signedInMB: number;
  loadedMB: number;
  allocatedMB: number;
  domHeapMB: number;
}

/**
 * Renderer footprint (issue 17): the desktop renderer in Chromium with the stand-in bridge,
 * signed in to 5 servers of 50 rooms each with 1,000 messages loaded in each open room; its JS
 * heap after a full GC, against the 150 MB goal. The scenario lives in
 * test/e2e/footprint-scenario.ts and needs a browser page (Playwright, Chromium, the built web
 * client), so this part runs its spec, test/e2e/footprint.spec.ts, and reads the figures it
 * writes. Once, whatever `--runs` says: the heap after GC is the same from run to run within a
 * few hundred KB, and one run takes about a minute after the build.
 */
export async function rendererFootprint(_options: BenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-footprint-'));
  const file = join(dir, 'footprint.json');
  try {
    const child = spawn(
      process.execPath,
      [
        'node_modules/@playwright/test/cli.js',
        'test',
        'test/e2e/footprint.spec.ts',
        '--project',
        'web',
      ],
      // Playwright's report goes to stderr, with the bench's progress: stdout is the table.
      {
        stdio: ['ignore', process.stderr, process.stderr],
        // The full browser, as users run (playwright.config.ts).
        env: { ...process.env, FOOTPRINT_JSON: file, PARLEY_E2E_BROWSER: 'full' },
      },
    );
    const [code] = (await once(child, 'exit')) as [number | null];
    let figures: Figures;
    try {
      figures = JSON.parse(readFileSync(file, 'utf8')) as Figures;
    } catch {
      throw new Error(`the footprint spec wrote no figures (exit code ${code})`);
    }
    return {
      scenario: `${figures.servers} servers × ${figures.rooms} rooms, ${figures.messages} messages loaded in each open room`,
      'renderer JS heap after GC (MB)': figures.loadedMB,
      'goal (MB)': figures.goalMB,
      'within the goal': figures.loadedMB <= figures.goalMB ? 'yes' : 'NO',
      'JS heap when signed in, before paging back (MB)': figures.signedInMB,
      'DOM heap (MB)': figures.domHeapMB,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
