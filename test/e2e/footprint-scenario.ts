import { expect, type Browser, type Page } from '@playwright/test';
import { installBridge } from './desktop-bridge';
import { FOOTPRINT, type SeededServer } from './footprint-seed';

/** The renderer's heaps as `Runtime.getHeapUsage` reports them after a full collection, in bytes. */
export interface HeapUsage {
  /** V8's JS heap in use: what the goal is about. */
  usedSize: number;
  /** V8's JS heap allocated. */
  totalSize: number;
  /** Blink's garbage-collected heap (the DOM and other engine objects). */
  embedderHeapUsedSize: number;
  /** Array buffers and external strings, outside both heaps. */
  backingStorageSize: number;
}

/** What the scenario measured: the heap before and after the histories were loaded. */
export interface Footprint {
  /** Signed in to every server, each open room on its first page. */
  signedIn: HeapUsage;
  /** Every open room's whole history loaded. */
  loaded: HeapUsage;
  /** Each list's length (aria-setsize) once signed in: servers out of sight page back nothing. */
  firstRows: number[];
  /** Each list's length once its whole history is loaded. */
  rows: number[];
}

/** Forces a full garbage collection through CDP, then reads V8's heap usage. */
export async function heapAfterGc(page: Page): Promise<HeapUsage> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first pass runs finalizers whose garbage only the second one frees.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return await cdp.send('Runtime.getHeapUsage');
  } finally {
    await cdp.detach();
  }
}

/** The open room's list length, from any row in view (the list is virtualized). */
async function listLength(slot: ReturnType<Page['locator']>): Promise<number> {
  return Number(await slot.locator('.message-row').first().getAttribute('aria-setsize'));
}

/**
 * Shows the server, then scrolls its #general to the top until no older page is left, as a
 * reader scrolling back would. Only the rows in view are in the DOM, so what is checked is the
 * list's length and its two ends: the newest message was there from the start, and with no
 * older page left and the first message shown, every message in between is held.
 */
async function loadWholeHistory(page: Page, name: string): Promise<number> {
  await page
    .getByRole('navigation', { name: 'Servers' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  const slot = page.locator('.server-slot:not([hidden])');
  await expect(slot.getByRole('heading', { name: '#general' })).toBeVisible();
  await expect(slot.getByText(`(#${FOOTPRINT.messages})`, { exact: false })).toBeVisible();
  const older = slot.getByRole('button', { name: 'Load older messages' });
  const scroller = slot.locator('.message-scroller');
  for (let page = 0; page < 50 && (await older.count()) > 0; page++) {
    const before = await listLength(slot);
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
    await expect
      .poll(async () => (await older.count()) === 0 || (await listLength(slot)) > before)
      .toBe(true);
  }
  await expect(older).toHaveCount(0);
  await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(slot.getByText(/\(#1\)$/)).toBeVisible();
  const rows = await listLength(slot);
  expect(rows).toBeGreaterThanOrEqual(FOOTPRINT.messages);
  return rows;
}

/**
 * The renderer in desktop mode with the stand-in bridge: the seeded servers saved and signed in
 * (their refresh tokens kept, as main's vault would), each server's #general loaded in full in
 * turn; the heap is read once all are signed in and again once every history is loaded.
 */
export async function measureFootprint(
  browser: Browser,
  seeded: SeededServer[],
): Promise<Footprint> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await installBridge(page, {
    keepTokens: true,
    servers: seeded.map(({ name, server }) => ({ name, url: server.url })),
    tokens: Object.fromEntries(
      seeded.map(({ server, refreshToken }) => [server.url, refreshToken]),
    ),
  });
  const first = seeded[0];
  if (!first) throw new Error('no servers');
  await page.goto(first.server.url);
  // Every session runs at once (hidden ones too): each shows its rooms and newest message.
  const firstRows: number[] = [];
  for (const { name } of seeded) {
    await page
      .getByRole('navigation', { name: 'Servers' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
    const slot = page.locator('.server-slot:not([hidden])');
    await expect(slot.getByRole('button', { name: /room-50/ })).toBeVisible();
    await expect(slot.getByText(`(#${FOOTPRINT.messages})`, { exact: false })).toBeVisible();
    firstRows.push(await listLength(slot));
  }
  const signedIn = await heapAfterGc(page);
  const rows: number[] = [];
  for (const { name } of seeded) rows.push(await loadWholeHistory(page, name));
  const loaded = await heapAfterGc(page);
  await context.close();
  return { signedIn, loaded, firstRows, rows };
}
