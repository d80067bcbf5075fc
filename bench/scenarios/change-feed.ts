import { startPair, stopPair, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';

/**
 * Scenario 8 (issue 12): catch-up through the change feed. A reader holds 50 rooms (each room's
 * newest page) and goes away; 10,000 edits, reactions and deletions are replayed on the rooms'
 * messages; the reader reconnects and brings everything it holds up to date (listing, then
 * `message:changes`). The goal: catch-up under 1 s. Catch-up only reads, so each run repeats it
 * on the same data.
 */
export async function changeFeed(options: BenchOptions) {
  const rooms = 50;
  const messages = options.quick ? 100 : 200;
  const changes = options.quick ? 2000 : 10_000;
  const pair = await startPair('parley');
  const { auths } = await pair.server.call<{ auths: object[] }>('users', { count: 2 });
  await pair.server.call('feedSeed', { rooms, messages });
  const held = await pair.load.call<number>('feedHold', { url: pair.url, auth: auths[1] });
  const replayed = await pair.server.call<number>('feedReplay', { changes });
  const catchUp = await repeat(options.runs, () =>
    pair.load.call<{ ms: number; requests: number; received: number; applied: number }>(
      'feedCatchUp',
    ),
  );
  await stopPair(pair);
  return { rooms: held, messagesPerRoom: messages, changes: replayed, catchUp, goalMs: 1000 };
}
