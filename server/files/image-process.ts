import { fork, type ChildProcess } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ChatError } from '../errors.js';
import { ErrorCode, type ImageInfo } from '../protocol.js';
import { MAX_IMAGE_PIXELS, processImage } from './images.js';

/** One image for the worker: the arguments of {@link processImage}, and an id for the answer. */
export interface ImageJob {
  id: number;
  input: string;
  format: Parameters<typeof processImage>[1];
  output: string;
  thumb: string;
  maxPixels: number;
}

/** The worker's answer to the {@link ImageJob} of the same id. */
export type ImageAnswer =
  | { id: number; ok: true; image: ImageInfo }
  | { id: number; ok: false; error: { code: ErrorCode; message: string } };

/** A job that takes longer than this is stuck (or an attack): the worker is killed. */
export const IMAGE_JOB_TIMEOUT_MS = 30_000;

// Under tsx or vitest this module is its TypeScript source, and the worker is forked from its
// source too, through tsx; built, both are in dist/node/server/files. Either way it is this
// file's sibling, wherever the server is installed.
const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`image-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url));

// The packaged desktop app turns Electron's runAsNode fuse off (electron-builder.yml), so its
// binary ignores ELECTRON_RUN_AS_NODE: a fork would start a second app, not Node. There (the
// server inside app.asar) images are processed in the server's process, as before the worker.
const CAN_FORK = !(process.versions.electron && import.meta.url.includes('.asar'));

interface Running {
  child: ChildProcess;
  jobs: Map<number, { resolve: (image: ImageInfo) => void; reject: (error: Error) => void }>;
}

const failed = () => new ChatError(ErrorCode.invalidPayload, 'The image could not be processed.');

/**
 * Runs {@link processImage} in a child process (`image-worker.ts`) at the lowest CPU priority,
 * started on the first job and kept for the next ones. When it dies (a crash in libvips, a job
 * past `timeoutMs` and killed, `stop()`), its jobs fail with `invalid_payload` and the next job
 * starts a new one. The caller limits how many jobs run at once.
 */
export class ImageWorker {
  private running: Running | undefined;
  private nextId = 1;

  constructor(private readonly timeoutMs = IMAGE_JOB_TIMEOUT_MS) {}

  /** The worker's process id, while it runs. */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Same contract as {@link processImage}. */
  run(
    input: string,
    format: ImageJob['format'],
    output: string,
    thumb: string,
    maxPixels = MAX_IMAGE_PIXELS,
  ): Promise<ImageInfo> {
    if (!CAN_FORK) return processImage(input, format, output, thumb, maxPixels);
    const running = (this.running ??= this.start());
    const job: ImageJob = { id: this.nextId++, input, format, output, thumb, maxPixels };
    return new Promise<ImageInfo>((resolve, reject) => {
      // Killed, the worker fails its jobs once it has exited (see start()): not sooner, so that
      // the caller removes its temp files only when nothing can write them any more.
      const timer = setTimeout(() => this.kill(running), this.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        running.jobs.delete(job.id);
        // An idle worker does not keep the process alive.
        if (running.jobs.size === 0) running.child.channel?.unref();
      };
      running.jobs.set(job.id, {
        resolve: (image) => {
          done();
          resolve(image);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      running.child.channel?.ref();
      running.child.send(job, (error) => error && this.kill(running));
    });
  }

  /** Ends the worker (its jobs fail) and resolves once it has exited. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    const closed = new Promise((resolve) => running.child.once('close', resolve));
    this.kill(running);
    await closed;
  }

  /** Kills a worker; later jobs go to a new one, its own fail once it has gone (see start()). */
  private kill(running: Running): void {
    if (this.running === running) this.running = undefined;
    // Its jobs (and stop()) wait for its 'close': this process stays up until then.
    running.child.ref();
    running.child.kill('SIGKILL');
  }

  private start(): Running {
    const child = fork(ENTRY, [], {
      // Source: tsx compiles the worker. Built: no flags of the server (an --inspect port would
      // clash). Inside Electron's utilityProcess, execPath is Electron: run it as Node.
      execArgv: fromSource ? ['--import', 'tsx'] : [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Lowered here too, at once: the threads the child has not started yet (most of them, Node
    // is just starting) inherit it, so its startup (loading Node, tsx, sharp) is low priority
    // too. The worker lowers the rest itself (see image-worker.ts).
    try {
      if (child.pid !== undefined) setPriority(child.pid, constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed, or already gone: the worker tries again, or 'close' follows.
    }
    const running: Running = { child, jobs: new Map() };
    child.unref();
    child.channel?.unref();
    child.on('message', (answer: ImageAnswer) => {
      const job = running.jobs.get(answer.id);
      if (answer.ok) job?.resolve(answer.image);
      else job?.reject(new ChatError(answer.error.code, answer.error.message));
    });
    // 'close' comes after 'exit' and after the last answer was read from the channel.
    child.on('close', () => {
      if (this.running === running) this.running = undefined;
      for (const job of running.jobs.values()) job.reject(failed());
    });
    // Failing to start, or to be sent a job: it reports 'close' too, once killed.
    child.on('error', () => this.kill(running));
    return running;
  }
}
