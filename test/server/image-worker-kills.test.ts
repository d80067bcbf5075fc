import { closeSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageWorker, imageJobStarted } from '../../server/files/image-process.js';
import { tempDir } from './helpers.js';
import { alive, fifo, jpeg, openedByReader, settled, until } from './worker-helpers.js';

/**
 * Whether the job reading `input` (a FIFO) was sent again to a new worker, which opens the FIFO
 * again: it is then given an empty file (at every open: libvips opens it more than once). False
 * when the job settled first.
 */
async function sentAgain(input: string, job: Promise<Settled>): Promise<boolean> {
  let over = false;
  void job.finally(() => (over = true));
  const writer = await openedByReader(input, () => over);
  if (writer === undefined) return false;
  closeSync(writer);
  void (async () => {
    for (let next; (next = await openedByReader(input, () => over)) !== undefined;) closeSync(next);
  })();
  return true;
}

type Settled = Awaited<ReturnType<typeof settled>>;

/** The new worker's answer to an empty file: not a dead worker's ("could not be processed"). */
const unreadable = { ok: false, error: { message: 'The image could not be read.' } };

/** Blocks this thread (its event loop too) for `least` ms, then until `done()` (8 s at most). */
function block(least: number, done: () => boolean): void {
  const start = Date.now();
  while (Date.now() - start < 8000 && (Date.now() - start < least || !done()));
}

/** A JPEG of noise: it takes the worker some time to re-encode. */
const noise = (side: number) =>
  sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();

// Each waits for cold starts of the worker, which runs at the lowest priority: slow on a busy
// machine.
describe('image worker kills', () => {
  it('retries the other job even when the late job answered between the kill and the exit', async () => {
    const dir = tempDir();
    const input = join(dir, 'late.jpg');
    writeFileSync(input, await noise(1200));
    const worker = new ImageWorker({ timeoutMs: 1000 });
    let started = 0;
    const onStarted = () => started++;
    imageJobStarted.subscribe(onStarted);
    try {
      const thumb = join(dir, 'thumb1');
      const late = settled(worker.run(input, 'jpeg', join(dir, 'out1'), thumb));
      const first = worker.pid!;
      // Its time (a second) runs from here; its answer comes in a fraction of that.
      expect(await until(() => started === 1, 20_000)).toBe(true);
      const otherIn = fifo(dir, 'other.jpg');
      // From here this process looks at no event until the late job's time has run out AND its
      // answer is written. Blocked in the event loop's check phase: its next turn starts with
      // the timers (on a fresh clock), so the late job's timer kills the worker before the
      // answer is read. The other job is sent now: its 'started' too is read only after the
      // kill, so it never has a time of its own to run out.
      await new Promise((resolve) => setImmediate(resolve));
      const other = settled(worker.run(otherIn, 'jpeg', join(dir, 'out2'), join(dir, 'thumb2')));
      block(1100, () => existsSync(thumb) && statSync(thumb).size > 0);
      block(500, () => true);
      expect(await late).toMatchObject({ ok: true, value: { width: 1200 } });
      expect(await until(() => !alive(first))).toBe(true);
      expect(await sentAgain(otherIn, other)).toBe(true);
      expect(await other).toMatchObject(unreadable);
    } finally {
      imageJobStarted.unsubscribe(onStarted);
      await worker.stop();
    }
  }, 40_000);

  it('a worker that never starts a job: only that job fails, a running one is sent again', async () => {
    const dir = tempDir();
    const bytes = await jpeg(50);
    const input = join(dir, 'in.jpg');
    writeFileSync(input, bytes);
    // Long enough for a cold start of the worker (twice: the job sent again goes to a new one),
    // with other test files busy on both cores: 4 s was not, in a CI run with three workers.
    const worker = new ImageWorker({ startMs: 10_000 });
    let started = 0;
    const onStarted = () => started++;
    imageJobStarted.subscribe(onStarted);
    try {
      // Started, then waiting for ever to open its input (a FIFO nobody writes to).
      const runningIn = fifo(dir, 'running.jpg');
      const running = settled(
        worker.run(runningIn, 'jpeg', join(dir, 'out1'), join(dir, 'thumb1')),
      );
      const first = worker.pid!;
      expect(await until(() => started === 1, 20_000)).toBe(true);
      // Paused: it never starts the next job.
      process.kill(first, 'SIGSTOP');
      const stuck = worker.run(input, 'jpeg', join(dir, 'out2'), join(dir, 'thumb2'));
      await expect(stuck).rejects.toMatchObject({ code: 'invalid_payload' });
      expect(await until(() => !alive(first))).toBe(true);
      expect(await sentAgain(runningIn, running)).toBe(true);
      // Given an empty file this time: the new worker's own answer, not a dead worker's.
      expect(await running).toMatchObject(unreadable);
    } finally {
      imageJobStarted.unsubscribe(onStarted);
      await worker.stop();
    }
  }, 60_000);
});
