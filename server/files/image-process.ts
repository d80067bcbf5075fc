import { fork, type ChildProcess } from 'node:child_process';
import { channel } from 'node:diagnostics_channel';
import { constants, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ChatError } from '../errors.js';
import type { ImageInfo } from '../protocol.js';
import {
  IMAGE_JOB_TIMEOUT_MS,
  IMAGE_START_TIMEOUT_MS,
  jobTookTooLong,
  serverClosing,
  workerDied,
  type ImageAnswer,
  type ImageJob,
} from './image-jobs.js';
import { MAX_IMAGE_PIXELS, processImage } from './images.js';
import { processAvatar } from '../people/avatar-image.js';
import { oneLibvipsThread } from './sharp-lib.js';

/**
 * Published with `{ pid, id }` right after a job is sent to a worker process. Costs nothing
 * unless someone subscribes: tests use it to kill the worker at that moment.
 */
export const imageJobSent = channel('parley:image-job-sent');
/**
 * Published with `{ pid, id }` once the worker's word that it has started a job is read here,
 * and the job's time runs: tests use it to know that a job is under way.
 */
export const imageJobStarted = channel('parley:image-job-started');

// Under tsx or vitest this module is its TypeScript source, and the worker is forked from its
// source too, through tsx; compiled, both are in dist/node/server/files (what the desktop app
// hosts); bundled, the CLI and the worker are both in dist/server (`npm run bundle:server`).
// Either way it is this file's sibling, wherever the server is installed.
const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`image-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url));

// The packaged desktop app turns Electron's runAsNode fuse off (electron-builder.yml), so its
// binary ignores ELECTRON_RUN_AS_NODE: a fork would start a second app, not Node. There (the
// server inside app.asar) images are processed in the server's process, as before the worker.
const CAN_FORK = !(process.versions.electron && import.meta.url.includes('.asar'));

/** A job sent to a worker, until it is answered. */
interface Pending {
  job: ImageJob;
  resolve: (image: ImageInfo) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  /** The worker said it has started it (on the worker it was last sent to). */
  started?: boolean;
  /** Its own time ran out: it fails as too long, and is never sent again. */
  timedOut?: boolean;
  /** Not started within startMs: it fails, and is never sent again. */
  stuck?: boolean;
  /** Sent again once already, to a new worker, after another job's time ran out. */
  retried?: boolean;
}

interface Running {
  child: ChildProcess;
  jobs: Map<number, Pending>;
  /**
   * Killed for a job past its time or one never started, recorded when the timer fired: its
   * other jobs are innocent, and sent again once. Not derived from the jobs left at 'close': a
   * guilty job that answered between the kill and the exit is no longer among them.
   */
  killedForJob?: boolean;
  /** stop() ends it: its jobs fail, none is sent again. */
  ending?: boolean;
}

/** How an {@link ImageWorker} runs; the defaults are the server's. */
export interface ImageWorkerOptions {
  /** A started job's time (see IMAGE_JOB_TIMEOUT_MS). */
  timeoutMs?: number;
  /** From sending a job until the worker starts it (see IMAGE_START_TIMEOUT_MS). */
  startMs?: number;
  /** False: in this process (the packaged desktop app, which cannot fork Node). */
  fork?: boolean;
}

/**
 * Runs {@link processImage} in a child process (`image-worker.ts`) at the lowest CPU priority,
 * started on the first job and kept for the next ones. A job's time runs from when the worker
 * starts it, not from a cold start. sharp cannot cancel one image, so a job past its time kills
 * the worker: that job fails with `too_large` ("took too long"), and the others it was running
 * are sent again, once, to a new worker. A worker that does not start a job within its start
 * time is killed likewise: the jobs it never started fail (`invalid_payload`), the ones it had
 * started are sent again once. A worker that dies otherwise (a crash in libvips, `stop()`) fails
 * its jobs with `invalid_payload`. After `stop()` a job fails at once (`internal_error`), and no
 * worker is started again. The caller limits how many jobs run at once.
 */
export class ImageWorker {
  private running: Running | undefined;
  /** Every worker not yet exited, the one in use and killed ones still going. */
  private readonly live = new Set<Running>();
  private nextId = 1;
  /** stop() was called: nothing is sent or forked any more. */
  private stopped = false;
  private readonly timeoutMs: number;
  private readonly startMs: number;
  private readonly fork: boolean;

  constructor(options: ImageWorkerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? IMAGE_JOB_TIMEOUT_MS;
    this.startMs = options.startMs ?? IMAGE_START_TIMEOUT_MS;
    this.fork = options.fork ?? CAN_FORK;
    // In this process, each image gets one libvips thread, as in the worker (image-worker.ts):
    // two images at once must not take every core from the event loop.
    if (!this.fork) oneLibvipsThread();
  }

  /** The worker's process id, while it runs. */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Same contract as {@link processImage}, plus `too_large` for a job past its time. */
  run(
    input: string,
    format: ImageJob['format'],
    output: string,
    thumb: string,
    maxPixels = MAX_IMAGE_PIXELS,
  ): Promise<ImageInfo> {
    // Forked now, a worker would outlive the server's close (and keep its process up).
    if (this.stopped) return Promise.reject(serverClosing());
    if (!this.fork) return processImage(input, format, output, thumb, maxPixels);
    const job: ImageJob = { id: this.nextId++, input, format, output, thumb, maxPixels };
    return new Promise((resolve, reject) => this.send({ job, resolve, reject }));
  }

  /** Same contract as {@link processAvatar} (`format`: the upload's), under the same times. */
  runAvatar(
    input: string,
    format: ImageJob['format'],
    output: string,
    maxPixels = MAX_IMAGE_PIXELS,
  ): Promise<ImageInfo> {
    if (this.stopped) return Promise.reject(serverClosing());
    if (!this.fork) return processAvatar(input, output, maxPixels);
    const id = this.nextId++;
    const job: ImageJob = { id, kind: 'avatar', input, format, output, thumb: '', maxPixels };
    return new Promise((resolve, reject) => this.send({ job, resolve, reject }));
  }

  /**
   * Ends the workers (their jobs fail) and resolves once they have exited. For good: later jobs
   * fail at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.live];
    const closed = all.map((running) => new Promise((done) => running.child.once('close', done)));
    for (const running of all) {
      running.ending = true;
      this.kill(running);
    }
    await Promise.all(closed);
  }

  private send(pending: Pending): void {
    // A job sent again after stop() (its worker killed for another job's time, then stopped).
    if (this.stopped) return pending.reject(serverClosing());
    const running = (this.running ??= this.start());
    running.jobs.set(pending.job.id, pending);
    pending.started = false;
    // Until the worker says it has started the job (see answer()): a worker that does not, in
    // startMs, is stuck. The jobs it has not started fail; the ones it has are sent again.
    pending.timer = setTimeout(() => {
      for (const other of running.jobs.values()) other.stuck ||= !other.started;
      running.killedForJob = true;
      this.kill(running);
    }, this.startMs);
    running.child.channel?.ref();
    running.child.send(pending.job, (error) => error && this.kill(running));
    if (imageJobSent.hasSubscribers)
      imageJobSent.publish({ pid: running.child.pid, id: pending.job.id });
  }

  private answer(running: Running, answer: ImageAnswer): void {
    const pending = running.jobs.get(answer.id);
    if (!pending) return;
    clearTimeout(pending.timer);
    if ('started' in answer) {
      pending.started = true;
      pending.timer = setTimeout(() => {
        pending.timedOut = true;
        running.killedForJob = true;
        this.kill(running);
      }, this.timeoutMs);
      if (imageJobStarted.hasSubscribers)
        imageJobStarted.publish({ pid: running.child.pid, id: answer.id });
      return;
    }
    running.jobs.delete(answer.id);
    // An idle worker does not keep the process alive.
    if (running.jobs.size === 0) running.child.channel?.unref();
    if (answer.ok) pending.resolve(answer.image);
    else pending.reject(new ChatError(answer.error.code, answer.error.message));
  }

  /** Its jobs are settled once it has exited (see start()), and later ones go to a new one. */
  private kill(running: Running): void {
    if (this.running === running) this.running = undefined;
    // Its jobs (and stop()) wait for its 'close': this process stays up until then.
    running.child.ref();
    running.child.kill('SIGKILL');
  }

  /**
   * After a worker has exited (not sooner: the caller removes a job's temp files only once
   * nothing can write them any more), settles the jobs it still had.
   */
  private closed(running: Running): void {
    this.live.delete(running);
    if (this.running === running) this.running = undefined;
    for (const pending of running.jobs.values()) {
      clearTimeout(pending.timer);
      if (pending.timedOut) pending.reject(jobTookTooLong());
      else if (pending.stuck) pending.reject(workerDied());
      else if (running.killedForJob && !pending.retried && !running.ending) {
        // Innocent: it shared the worker with a job that ran out of time, or that never started.
        pending.retried = true;
        this.send(pending);
      } else pending.reject(workerDied());
    }
    running.jobs.clear();
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
    this.live.add(running);
    child.unref();
    child.channel?.unref();
    child.on('message', (answer: ImageAnswer) => this.answer(running, answer));
    // 'close' comes after 'exit' and after the last answer was read from the channel.
    child.on('close', () => this.closed(running));
    // Failing to start, or to be sent a job: it reports 'close' too, once killed.
    child.on('error', () => this.kill(running));
    return running;
  }
}
