/**
 * What one opening of the web client costs the browser: starts the real CLI server, launches a
 * Chromium binary as the e2e tests do, opens the app in `count` new contexts (one page each,
 * until its sign-in heading shows) and prints the browser's CPU per opening, by process type
 * (browser, renderer, gpu-process, utility), read from /proc. To choose the e2e browser:
 *   npx tsx bench/tools/browser-open-cpu.ts [executable=/usr/bin/chromium] [count=6]
 * Needs `npm run build:server` and `npm run build` first (the server and dist/renderer).
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { CliServer } from '../../test/cli-server.js';
import { processTree, readStat, TICKS } from '../../test/services/proc.js';

const [executablePath = '/usr/bin/chromium', countArg = '6'] = process.argv.slice(2);
const count = Number(countArg);
if (!Number.isInteger(count) || count < 1) throw new Error('usage: [executable] [count >= 1]');

/** Highest CPU ticks seen per pid, and each pid's process type: a pid's times only grow. */
const ticks = new Map<number, number>();
const kinds = new Map<number, string>();

/**
 * Chromium's processes below this one (not another job's browser, not the server this starts):
 * their CPU so far, and each one's type the first time it is seen.
 */
function sample() {
  for (const pid of processTree(process.pid)) {
    const stat = pid === process.pid ? undefined : readStat(pid);
    if (!stat || !/chrom|headless/i.test(stat.name)) continue;
    if (!kinds.has(pid)) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        // Gone already: typed by its name alone.
      }
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
      kinds.set(pid, type ?? (/crashpad/.test(stat.name) ? 'crashpad' : 'browser'));
    }
    const used = Number(stat.fields[11]) + Number(stat.fields[12]);
    ticks.set(pid, Math.max(ticks.get(pid) ?? 0, used));
  }
}

function byKind(): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [pid, used] of ticks) {
    const kind = kinds.get(pid) ?? '?';
    seconds[kind] = (seconds[kind] ?? 0) + used / TICKS;
  }
  return seconds;
}

// Sampled often, so that a renderer that lives for one opening is seen before it ends.
const timer = setInterval(sample, 30);
const server = new CliServer(['--web', 'dist/renderer', '--name', 'Probe']);
await server.start();
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
try {
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the launch's own work settles
  sample();
  const before = byKind();
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: /^(Sign in|Create the owner account)$/ }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 300));
    sample();
    await context.close();
  }
  sample();
  const after = byKind();
  const per = Object.entries(after)
    .map(([kind, total]) => [kind, (total - (before[kind] ?? 0)) / count] as const)
    .filter(([, seconds]) => seconds >= 0.005);
  const total = per.reduce((sum, [, seconds]) => sum + seconds, 0);
  console.log(`${executablePath} ${browser.version()}: ${total.toFixed(2)} s of CPU per opening`);
  for (const [kind, seconds] of per) console.log(`  ${kind.padEnd(12)} ${seconds.toFixed(2)} s`);
} finally {
  clearInterval(timer);
  await browser.close();
  await server.dispose();
}
