import { readdirSync } from 'node:fs';
import os from 'node:os';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import type { ImageAnswer, ImageJob } from './image-jobs.js';
import { loadSharp, oneLibvipsThread } from './sharp-lib.js';

/**
 * The image worker's entry: a child process that the server forks (see `ImageWorker` in
 * `image-process.ts`) to decode and re-encode uploaded images with sharp, at the lowest CPU
 * priority. libvips' threads then take the CPU only when the server's event loop does not want
 * it, and an image that crashes libvips ends this process, never the server. It answers
 * {@link ImageJob}s on the IPC channel with {@link ImageAnswer}s, in any order: 'started' when it
 * begins one, then its result.
 */

/**
 * Lowers the priority of this process, first thing. On Linux nice is per thread, and a new
 * thread inherits its creator's: every thread that exists now is reniced one by one (loading
 * this ES module has already started libuv's pool, where sharp runs its work), and the threads
 * created later (libvips' workers, started from the pool) inherit it. Elsewhere the priority is
 * the process's. A priority that cannot be changed leaves the worker at normal priority: slower
 * chat under load, nothing worse.
 */
function lowerPriority(): void {
  const low = os.constants.priority.PRIORITY_LOW;
  try {
    os.setPriority(low);
    if (process.platform === 'linux') {
      for (const tid of readdirSync('/proc/self/task')) os.setPriority(Number(tid), low);
    }
  } catch {
    // Not allowed here (a sandbox): see above.
  }
}

lowerPriority();

// Loaded only now, so that nothing of sharp starts before the priority is lowered. Jobs that
// arrive meanwhile wait for it, since IPC messages with no listener would be lost.
const loaded = Promise.all([import('./images.js'), import('../people/avatar-image.js')]).then(
  async ([images, avatars]) => {
    // One libvips thread per image: the server allows two images at once, and more threads on a
    // busy machine only compete with each other. No cache (sharp-lib.ts).
    oneLibvipsThread();
    await loadSharp();
    return { ...images, ...avatars };
  },
);

const answer = (message: ImageAnswer) => {
  // The server has gone (it closed the channel): nobody waits for the answer.
  if (process.connected) process.send?.(message);
};

process.on('message', (job: ImageJob) => {
  const { id, input, format, output, thumb, maxPixels, kind } = job;
  loaded
    .then(({ processImage, processAvatar }) => {
      // The job's time runs from here: a cold start (Node, tsx, sharp) is not the image's doing.
      answer({ id, started: true });
      if (kind === 'avatar') return processAvatar(input, output, maxPixels);
      return processImage(input, format, output, thumb, maxPixels);
    })
    .then(
      (image) => answer({ id, ok: true, image }),
      (error: unknown) => {
        // processImage throws ChatErrors (too_large, invalid_payload). Anything else (sharp did
        // not load) is a fault of this worker: logged, and answered like an unreadable image.
        if (error instanceof ChatError) return answer({ id, ok: false, error: error.toBody() });
        console.error('image-worker:', error);
        const body = { code: ErrorCode.invalidPayload, message: 'The image could not be read.' };
        answer({ id, ok: false, error: body });
      },
    );
});

// The server went away (closed, or crashed): this worker has no one left to work for.
process.on('disconnect', () => process.exit(0));
