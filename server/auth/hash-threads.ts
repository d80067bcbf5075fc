import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { asError } from '../errors.js';

/** What a hash thread is asked: scrypt's inputs (see passwords.ts). */
export interface ScryptJob {
  password: string;
  salt: Buffer;
  keyLength: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

/** An idle thread ends after this long; the next hash starts one again (tens of ms, ~10 MB). */
const IDLE_MS = 30_000;

/** Threads at most, whatever the cores: each scrypt holds 16 MB (N = 16384), as libuv's 4. */
const MAX_THREADS = 4;

/**
 * The thread's code, plain CommonJS (eval'd, so that it runs the same from source, built, and
 * inside app.asar). On Linux nice is per thread: it lowers its own to 10 (below normal), so
 * that on a busy core the event loop gets about nine tenths of it while hashes wait; not 19,
 * under which any other busy program on the machine (a desktop app, a build) could starve
 * logins. Elsewhere setpriority would lower the whole process (the chat with it), so it stays
 * at normal priority, as libuv's pool was.
 */
const THREAD_CODE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
if (process.platform === 'linux') {
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, require('node:os').constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {}
}
parentPort.on('message', ({ id, password, salt, keyLength, N, r, p, maxmem }) => {
  try {
    const key = scryptSync(password, salt, keyLength, { N, r, p, maxmem });
    parentPort.postMessage({ id, key });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});`;

interface Pending {
  id: number;
  job: ScryptJob;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The job it runs, if any; one at a time. */
  busy?: Pending;
  idle?: NodeJS.Timeout;
}

/**
 * Runs scrypt on worker threads of its own, not on libuv's pool: a hash there would compete
 * with the event loop at the same priority (and hold a pool thread that file reads and the
 * WAL's fsync wait for). At most `size` threads; more jobs wait in line. A thread holds the
 * process up only while it has a job, like libuv's pool, and ends after a while idle. A thread
 * that dies fails its job; the next job starts a new one.
 */
export class HashThreads {
  private readonly threads = new Set<Thread>();
  private readonly waiting: Pending[] = [];
  private nextId = 1;

  constructor(
    private readonly size = Math.min(MAX_THREADS, Math.max(1, availableParallelism() - 1)),
  ) {}

  /** scrypt's key for `job`, computed on a hash thread. */
  scrypt(job: ScryptJob): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  /**
   * Test hook only (test/server/hash-threads.test.ts): the workers of the threads up now, to
   * count them or end one mid-job. Nothing in server/ calls it.
   */
  workersForTests(): Worker[] {
    return [...this.threads].map((thread) => thread.worker);
  }

  /** Hands waiting jobs to free threads, starting threads up to the size. */
  private pump(): void {
    for (;;) {
      let thread: Thread | undefined;
      try {
        thread = this.waiting.length > 0 ? this.freeThread() : undefined;
      } catch (error) {
        // No thread can start (out of memory, a sandbox): every waiting job fails now, rather
        // than waiting for ever with its password in memory; the next job tries again.
        for (const pending of this.waiting.splice(0)) pending.reject(asError(error));
        return;
      }
      const pending = thread && this.waiting.shift();
      if (!thread || !pending) return;
      clearTimeout(thread.idle);
      thread.busy = pending;
      thread.worker.ref();
      // The salt on its own 16 bytes: a view into Buffer's 8 KB pool would send the whole pool.
      const { salt, ...rest } = pending.job;
      thread.worker.postMessage({ id: pending.id, ...rest, salt: Uint8Array.from(salt) });
    }
  }

  private freeThread(): Thread | undefined {
    for (const thread of this.threads) if (!thread.busy) return thread;
    return this.threads.size < this.size ? this.start() : undefined;
  }

  /** Its job is answered: it takes the next one, or idles, and ends if none comes. */
  private done(thread: Thread): void {
    thread.busy = undefined;
    thread.worker.unref();
    this.pump();
    if (thread.busy) return;
    thread.idle = setTimeout(() => {
      // Out of the set first: a job arriving before it has exited must not be given to it.
      this.threads.delete(thread);
      void thread.worker.terminate();
    }, IDLE_MS).unref();
  }

  private start(): Thread {
    // No flags of this process: --input-type=module would make the code ESM, a loader is useless.
    const worker = new Worker(THREAD_CODE, { eval: true, execArgv: [] });
    const thread: Thread = { worker };
    thread.worker.unref();
    this.threads.add(thread);
    thread.worker.on('message', (answer: { id: number; key?: Uint8Array; error?: string }) => {
      const busy = thread.busy;
      if (busy?.id !== answer.id) return;
      this.done(thread);
      if (answer.key) busy.resolve(Buffer.from(answer.key));
      else busy.reject(new Error(`scrypt failed: ${answer.error}`));
    });
    const gone = (error: Error) => {
      if (!this.threads.delete(thread)) return;
      clearTimeout(thread.idle);
      thread.busy?.reject(error);
      thread.busy = undefined;
      this.pump();
    };
    thread.worker.on('error', gone);
    // An answer that cannot be read would leave its job waiting: the thread goes instead.
    thread.worker.on('messageerror', (error) => {
      gone(error);
      void thread.worker.terminate();
    });
    thread.worker.on('exit', (code) => gone(new Error(`hash thread exited (${code})`)));
    return thread;
  }
}
