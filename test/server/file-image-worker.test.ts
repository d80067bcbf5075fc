import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageWorker, imageJobSent } from '../../server/files/image-process.js';
import { register, startServer, tempDir } from './helpers.js';
import { storedFiles, upload } from './file-helpers.js';

/** A plain JPEG. */
const jpeg = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: '#3060c0' } })
    .jpeg()
    .toBuffer();

/** The image workers this test process has started (children whose command names the entry). */
const workerPids = () =>
  spawnSync('pgrep', ['-P', String(process.pid), '-f', 'image-worker'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

/** Whether the process `pid` exists. */
const alive = (pid: number) => spawnSync('kill', ['-0', String(pid)]).status === 0;

/** The nice value of each thread of `pid` (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
const threadNices = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

/** A FIFO in `dir`: a reader's open (libvips') waits for a writer. */
function fifo(dir: string, name: string): string {
  const path = join(dir, name);
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

/** Opens `path` (a FIFO) for writing once someone has it open for reading; the descriptor. */
async function openedByReader(path: string): Promise<number> {
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      // ENXIO: no reader yet.
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

describe('image worker', () => {
  it('processes in a child process whose every thread has a lower priority', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(400)).toFile(input);
    const worker = new ImageWorker();
    try {
      const image = await worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
      expect(image).toEqual({ width: 400, height: 400, animated: false });
      const pid = worker.pid!;
      expect(pid === undefined || pid === process.pid).toBe(false);
      expect(getPriority(pid)).toBeGreaterThan(getPriority());
      // libuv's pool, where sharp works, and libvips' threads too, not only the main thread.
      if (process.platform === 'linux')
        expect(Math.min(...threadNices(pid))).toBeGreaterThan(getPriority());
    } finally {
      await worker.stop();
    }
  });

  it('fails a job past its own time with too_large, killing the worker', async () => {
    const dir = tempDir();
    const worker = new ImageWorker({ timeoutMs: 300 });
    // Opening a FIFO nobody writes to blocks for ever: a job that provably never ends.
    const job = worker.run(fifo(dir, 'stuck.jpg'), 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
    const pid = worker.pid!;
    await expect(job).rejects.toMatchObject({
      code: 'too_large',
      message: 'Processing this image took too long.',
    });
    expect([alive(pid), worker.pid]).toEqual([false, undefined]);
  });

  it("times a job from when the worker starts it, not from the worker's cold start", async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(50)).toFile(input);
    const worker = new ImageWorker({ timeoutMs: 1500 });
    try {
      const job = worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
      // Held before it could even load sharp, for longer than a job's time.
      const pid = worker.pid!;
      process.kill(pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 2000));
      process.kill(pid, 'SIGCONT');
      expect(await job).toEqual({ width: 50, height: 50, animated: false });
    } finally {
      await worker.stop();
    }
  });

  it('fails the jobs of a worker that never starts them (startMs)', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(50)).toFile(input);
    const worker = new ImageWorker({ startMs: 300 });
    const job = worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
    process.kill(worker.pid!, 'SIGSTOP');
    await expect(job).rejects.toMatchObject({ code: 'invalid_payload' });
    expect(worker.pid).toBeUndefined();
  });

  it('sends the other job of a worker killed for one past its time to a new worker', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(60)).toFile(input);
    const worker = new ImageWorker({ timeoutMs: 2000 });
    try {
      const stuck = fifo(dir, 'stuck.jpg');
      const guilty = worker.run(stuck, 'jpeg', join(dir, 'out1'), join(dir, 'thumb1'));
      const first = worker.pid!;
      // The worker has opened the FIFO (it answered 'started' before): the guilty job is running.
      // The writer stays open and silent, so its read blocks.
      const writer = await openedByReader(stuck);
      // Paused, the worker cannot start (or finish) the innocent job before it is killed.
      process.kill(first, 'SIGSTOP');
      const innocent = worker.run(input, 'jpeg', join(dir, 'out2'), join(dir, 'thumb2'));
      await expect(guilty).rejects.toMatchObject({ code: 'too_large' });
      expect(await innocent).toEqual({ width: 60, height: 60, animated: false });
      expect(worker.pid === undefined || worker.pid === first).toBe(false);
      closeSync(writer);
    } finally {
      await worker.stop();
    }
  });

  it('processes in this process with one libvips thread when it cannot fork', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(40)).toFile(input);
    sharp.concurrency(4);
    const worker = new ImageWorker({ fork: false });
    const image = await worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
    expect([image.width, worker.pid, sharp.concurrency()]).toEqual([40, undefined, 1]);
  });

  it('a worker killed mid-job fails that upload cleanly; the next one gets a new worker', async () => {
    const { url, dataDir, close } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const small = await jpeg(100);
    expect((await upload(url, token, small, 'first.jpg')).status).toBe(201);
    const [first] = workerPids();
    expect(first).toBeDefined();

    // Killed the moment the job is handed over: it is in the worker's hands, never finished.
    const kill = (sent: unknown) => {
      imageJobSent.unsubscribe(kill);
      process.kill((sent as { pid: number }).pid, 'SIGKILL');
    };
    imageJobSent.subscribe(kill);
    const answer = await upload(url, token, small, 'killed.jpg');
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_payload']);
    expect(alive(first!)).toBe(false);
    expect(storedFiles(dataDir).temp).toEqual([]);

    const next = await upload(url, token, small, 'next.jpg');
    expect(next.status).toBe(201);
    const [second] = workerPids();
    expect(second === undefined || second === first).toBe(false);
    await close();
    expect([alive(second!), workerPids()]).toEqual([false, []]);
  });
});
