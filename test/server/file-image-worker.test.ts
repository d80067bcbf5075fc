import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageWorker } from '../../server/files/image-process.js';
import { register, startServer, tempDir } from './helpers.js';
import { storedFiles, upload } from './file-helpers.js';

/** A plain JPEG; `side` 3000 (9 megapixels) keeps the worker busy for a while. */
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

/** Resolves once `dir` holds `count` entries (the upload body, then the worker's output). */
async function entries(dir: string, count: number): Promise<void> {
  const list = () => readdirSync(dir, { withFileTypes: true });
  while (list().length < count) await new Promise((resolve) => setTimeout(resolve, 5));
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

  it('kills a job past its time, which fails with invalid_payload', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    await sharp(await jpeg(400)).toFile(input);
    const worker = new ImageWorker(1);
    const job = worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
    const pid = worker.pid!;
    await expect(job).rejects.toMatchObject({ code: 'invalid_payload' });
    expect([alive(pid), worker.pid]).toEqual([false, undefined]);
  });

  it('a worker killed mid-job fails that upload cleanly; the next one gets a new worker', async () => {
    const { url, dataDir, close } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const small = await jpeg(100);
    expect((await upload(url, token, small, 'first.jpg')).status).toBe(201);
    const [first] = workerPids();
    expect(first).toBeDefined();

    const big = upload(url, token, await jpeg(3000), 'big.jpg');
    // The body, then the output the worker is writing: the job is in the worker's hands.
    await entries(join(dataDir, 'files', 'tmp'), 2);
    process.kill(first!, 'SIGKILL');
    const answer = await big;
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_payload']);
    expect(storedFiles(dataDir).temp).toEqual([]);

    const next = await upload(url, token, small, 'next.jpg');
    expect(next.status).toBe(201);
    const [second] = workerPids();
    expect(second === undefined || second === first).toBe(false);
    await close();
    expect([alive(second!), workerPids()]).toEqual([false, []]);
  });
});
