import { writeFileSync } from 'node:fs';
import { measureFootprint, type HeapUsage } from './footprint-scenario';
import { FOOTPRINT, startSeededServers, stopSeededServers } from './footprint-seed';
import { expect, test } from './fixtures';

const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;
const line = (heap: HeapUsage) =>
  `JS heap ${mb(heap.usedSize)} MB used (${mb(heap.totalSize)} MB allocated); ` +
  `DOM heap ${mb(heap.embedderHeapUsedSize)} MB; array buffers ${mb(heap.backingStorageSize)} MB`;

/**
 * Issue 17, "Footprint": the desktop renderer signed in to 5 servers, each with 50 rooms and
 * 1,000 messages loaded in its open room, holds at most 150 MB of JS heap after a full GC.
 * `npm run bench` runs this spec for its "renderer footprint" part (FOOTPRINT_JSON names the
 * file it reads the figures from).
 */
test('renderer footprint: 5 servers, 50 rooms each, 1,000 messages loaded in each open room', async ({
  browser,
}) => {
  // Seeding 5 servers and paging back through 5,000 messages: about a minute here.
  test.setTimeout(300_000);
  const seeded = await startSeededServers();
  try {
    const footprint = await measureFootprint(browser, seeded);
    const { servers, rooms, messages, goalMB } = FOOTPRINT;
    console.log(
      `renderer footprint (${servers} servers, ${rooms} rooms each, ${messages} messages loaded ` +
        `in each open room; heap after GC, 1 MB = 10^6 bytes):\n` +
        `  signed in, first pages only: ${line(footprint.signedIn)}\n` +
        `  every history loaded:        ${line(footprint.loaded)}\n` +
        `  goal: at most ${goalMB} MB of JS heap\n` +
        `  list length per server: ${footprint.firstRows.join(', ')} when signed in, ` +
        `${footprint.rows.join(', ')} loaded`,
    );
    if (process.env.FOOTPRINT_JSON) {
      const figures = {
        ...FOOTPRINT,
        signedInMB: mb(footprint.signedIn.usedSize),
        loadedMB: mb(footprint.loaded.usedSize),
        allocatedMB: mb(footprint.loaded.totalSize),
        domHeapMB: mb(footprint.loaded.embedderHeapUsedSize),
        rows: footprint.rows,
      };
      writeFileSync(process.env.FOOTPRINT_JSON, JSON.stringify(figures, null, 2));
    }
    expect(footprint.rows).toHaveLength(servers);
    // Servers out of sight held their first page only (they once paged back through it all).
    for (const length of footprint.firstRows) expect(length).toBeLessThan(messages);
    expect(footprint.loaded.usedSize).toBeLessThanOrEqual(goalMB * 1e6);
  } finally {
    await stopSeededServers(seeded);
  }
});
