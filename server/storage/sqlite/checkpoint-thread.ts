import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { THREAD_CODE, type CheckpointReport } from './checkpoint-worker.js';

/**
 * SQLite's checkpoints (copying the WAL into the database file, then flushing both), on a
 * thread of their own. By default the connection that commits checkpoints once the WAL holds
 * 1,000 pages, inside that COMMIT: on the event loop, two fsyncs included. With the index's
 * merging out of the writes (index-merges.ts), those were the longest stalls left: loop maxima
 * of 113 and 146 ms in a minute at 4,000 messages/s, and 18 and 24 ms with no checkpoints at all
 * (bench/tools/commit-stalls.ts, docs/bench-stalls-2026-12-07.txt).
 *
 * The thread opens a connection of its own and runs PASSIVE checkpoints, which never wait for
 * or block a writer, after batches, at most every `everyMs`. The main connection checkpoints
 * itself only past {@link BACKSTOP_PAGES} (writes that are not messages schedule none), and
 * as SQLite does by default again if the thread fails or ends.
 *
 * The WAL restarts from its beginning at a write that follows a checkpoint which copied all of
 * it, with nothing written since. While batches keep coming, one usually lands during each
 * checkpoint, and the WAL grows. Once it holds `holdFrames`, the next batch waits (the event loop
 * runs on) for one checkpoint with no batch during it, for at most {@link MAX_HOLD_MS}.
 */
export interface CheckpointThread {
  /** A batch has committed: a checkpoint is due soon. */
  committed(): void;
  /** Whether the next batch must wait; if so, `resume` is called once (within MAX_HOLD_MS). */
  hold(resume: () => void): boolean;
  /** Ends the thread once its checkpoint in progress is done (or after CLOSE_WAIT_MS). */
  close(): Promise<void>;
}

export interface CheckpointOptions {
  /** Told when the thread fails and the main connection checkpoints again. */
  onFallBack?: (error: Error) => void;
  /** Least time between checkpoints' starts (default 200 ms). */
  everyMs?: number;
  /** WAL frames at which batches wait for a checkpoint (default 8,192: ~32 MB of 4 KiB pages). */
  holdFrames?: number;
  /** The longest a batch waits for a checkpoint (default {@link MAX_HOLD_MS}). */
  maxHoldMs?: number;
  /** Where better-sqlite3 is, for the thread (tests give a wrong one). */
  module?: string;
}

/**
 * The longest a batch waits for a checkpoint; after that, none waits for ten times as long. The
 * first version's holds lasted 0 to 33 ms in the runs of the doc.
 */
export const MAX_HOLD_MS = 100;
/** The main connection's own threshold while the thread runs: the WAL at ~60 MB (4 KiB pages). */
export const BACKSTOP_PAGES = 15_000;
const CLOSE_WAIT_MS = 5_000;

/** A checkpoint thread for `db`'s file; undefined for an in-memory database. */
export function checkpointThread(
  db: Database,
  options: CheckpointOptions = {},
): CheckpointThread | undefined {
  if (db.memory) return undefined;
  const { everyMs = 200, holdFrames = 8_192, maxHoldMs = MAX_HOLD_MS, onFallBack } = options;
  let module = options.module;
  try {
    // Resolved from here as sqlite-store.ts resolves its import: the same package, so that the
    // two connections share one SQLite and its locks.
    module ??= createRequire(import.meta.url).resolve('better-sqlite3');
  } catch (error) {
    onFallBack?.(error as Error);
    return undefined; // packaged so that it cannot be found again: SQLite checkpoints, as before
  }
  let worker: Worker | undefined;
  let ready = false;
  let gone = false;
  let running = false;
  let due: NodeJS.Timeout | undefined;
  let lastStart = 0;
  /** Whether a batch committed since the checkpoint in progress began. */
  let wroteDuring = false;
  let holding: NodeJS.Timeout | undefined;
  let noHoldUntil = 0;
  let closing = false;
  // A monotonic clock: a wall clock set back would put the next checkpoint off for as long.
  const now = () => performance.now();
  const resumes: Array<() => void> = [];
  const pragma = (text: string) => {
    try {
      if (db.open) db.pragma(text);
    } catch {
      // The store is closing; nothing is left to set.
    }
  };
  const release = () => {
    clearTimeout(holding);
    holding = undefined;
    for (const resume of resumes.splice(0)) resume();
  };
  const fallBack = (error?: Error) => {
    if (gone) return;
    gone = true;
    clearTimeout(due);
    pragma('wal_autocheckpoint = 1000');
    release();
    if (error) onFallBack?.(error);
  };
  const start = () => {
    due = undefined;
    if (!ready || running || gone || closing) return;
    running = true;
    wroteDuring = false;
    lastStart = now();
    worker?.postMessage('checkpoint');
  };
  const schedule = () => {
    if (!ready || running || gone || closing || due) return;
    due = setTimeout(start, Math.max(0, lastStart + everyMs - now()));
    due.unref();
  };
  const reported = ({ busy, log, checkpointed }: CheckpointReport) => {
    running = false;
    const copied = busy === 0 && log >= 0 && checkpointed === log;
    if (holding) {
      // Copied with no batch during it: the held batch restarts the WAL. Not copied (a reader
      // elsewhere, a backup, holds an old snapshot): holding would not help.
      if (!copied) noHoldUntil = now() + maxHoldMs * 10;
      return release();
    }
    if (copied && wroteDuring && log >= holdFrames && now() >= noHoldUntil && !closing) {
      holding = setTimeout(() => {
        noHoldUntil = now() + maxHoldMs * 10;
        release();
      }, maxHoldMs);
      holding.unref(); // referenced once a batch waits (hold)
      lastStart = -Infinity; // the held batches wait for this one checkpoint only
    }
    // Frames written during this one are copied by the next, even if no batch follows.
    if (holding || wroteDuring) schedule();
  };
  const spawn = () => {
    try {
      worker = new Worker(THREAD_CODE, { eval: true, workerData: { module, file: db.name } });
    } catch (error) {
      return fallBack(error as Error);
    }
    worker.unref(); // a checkpoint in progress does not hold the process up
    worker.on('message', (message: 'ready' | CheckpointReport) => {
      if (gone) return;
      if (message !== 'ready') return reported(message);
      ready = true;
      pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      schedule();
    });
    worker.on('error', (error) => fallBack(error));
    worker.on('exit', (code) =>
      // A clean end after close is no failure; terminate() after CLOSE_WAIT_MS is one.
      fallBack(
        closing && code === 0 ? undefined : new Error(`the checkpoint thread ended (code ${code})`),
      ),
    );
  };
  return {
    committed() {
      if (!worker && !gone) spawn();
      if (running) wroteDuring = true;
      schedule();
    },
    hold(resume) {
      if (!holding) return false;
      holding.ref(); // held writes must settle before a process with nothing else exits
      resumes.push(resume);
      return true;
    },
    async close() {
      closing = true;
      const thread = worker;
      if (!thread || gone) return fallBack();
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.ref(); // the process waits for the thread's connection to close
      thread.postMessage('close');
      const late = setTimeout(() => void thread.terminate(), CLOSE_WAIT_MS);
      await exited;
      clearTimeout(late);
      fallBack();
    },
  };
}
