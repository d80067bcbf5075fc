import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageWorker, imageJobSent } from '../../server/files/image-process.js';
import { register, startServer, tempDir } from './helpers.js';
import { png, upload } from './file-helpers.js';
import { alive, fileSizes, jpeg, until, workerPids } from './worker-helpers.js';

describe('image worker after stop', () => {
  it('fails a job sent after stop() at once, and starts no worker', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jpg');
    writeFileSync(input, await jpeg(40));
    const worker = new ImageWorker();
    await worker.stop();
    try {
      const job = worker.run(input, 'jpeg', join(dir, 'out'), join(dir, 'thumb'));
      await expect(job).rejects.toMatchObject({ code: 'internal_error' });
      expect([worker.pid, workerPids()]).toEqual([undefined, []]);
    } finally {
      await worker.stop();
    }
  });

  it('closing the server while an upload waits for an image slot leaves no worker behind', async () => {
    const { url, dataDir, close } = await startServer({ scryptCost: 1024 });
    const { token } = await register(url, 'alice');
    const rejections: unknown[] = [];
    const onRejection = (error: unknown) => rejections.push(error);
    process.on('unhandledRejection', onRejection);
    // Every worker a job was sent to. The first is paused at once: the two image slots stay
    // taken by its jobs, and the third upload waits in line.
    const sent = new Set<number>();
    const onSent = (message: unknown) => {
      const { pid } = message as { pid: number };
      if (sent.size === 0) process.kill(pid, 'SIGSTOP');
      sent.add(pid);
    };
    let jobs = 0;
    const count = () => jobs++;
    imageJobSent.subscribe(onSent);
    imageJobSent.subscribe(count);
    try {
      const [small, large] = [await png(), await png(300, 200)];
      // Answered or cut off by the close: either is fine here.
      const gone = (answer: Promise<unknown>) => answer.catch(() => 'gone');
      const uploads = [
        gone(upload(url, token, small, 'a.png')),
        gone(upload(url, token, small, 'b.png')),
      ];
      expect(await until(() => jobs === 2)).toBe(true);
      uploads.push(gone(upload(url, token, large, 'c.png')));
      // Its body is all in: it goes on to sniffing, then to the line for a slot.
      const temp = join(dataDir, 'files', 'tmp');
      expect(await until(() => fileSizes(temp).includes(large.length))).toBe(true);

      await close();
      await Promise.all(uploads);
      // A worker forked after the close would be on its way now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([...sent].filter(alive)).toEqual([]);
      expect(workerPids()).toEqual([]);
      expect(rejections).toEqual([]);
    } finally {
      imageJobSent.unsubscribe(onSent);
      imageJobSent.unsubscribe(count);
      process.off('unhandledRejection', onRejection);
      for (const pid of sent) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
