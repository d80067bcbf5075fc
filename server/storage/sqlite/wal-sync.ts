import { close, closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { asError } from '../../errors.js';

/**
 * Makes the group commit's transactions durable off the event loop. With `synchronous=FULL`
 * SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs on the main thread: every
 * commit stopped the server for the disk's flush. The queue's transactions instead commit with
 * `synchronous=NORMAL` (frames are written to the WAL file, not flushed), and their promises
 * settle once an `fsync` of the WAL file, run on libuv's thread pool, has returned. One flush
 * runs at a time: the batches that commit meanwhile wait for the next one, which covers them
 * all, and batches settle in the order they committed. Every other write keeps FULL.
 *
 * Why an acknowledged write is as durable as at FULL: the frames are in the file before COMMIT
 * returns, and fsync of any descriptor of a file flushes all of its data; a WAL restart (after
 * a checkpoint) syncs its new header itself, at NORMAL as at FULL; a checkpoint syncs the WAL
 * before copying it. What differs: another request may read a transaction between its COMMIT
 * and its flush (before it is acknowledged), and a power cut then takes it back, so its id may
 * be reused. A flush that fails is fatal to the queue: what it covered is committed but not
 * known durable (Linux may drop the unwritten pages and report the next flush clean), so that
 * batch and every later one fail, and no queued write commits again until a restart.
 */
export interface WalSync {
  /**
   * Runs `commit` (a transaction) at synchronous=NORMAL, then calls `done` once a flush that
   * started after it has returned. Throws, committing nothing, once closed or broken.
   */
  commitThenSync(commit: () => void, done: (error?: Error) => void): void;
  /**
   * Runs `commit` at synchronous=NORMAL with no flush of its own: for upkeep whose loss in a
   * crash loses nothing anyone was told (the index's merges). The next flush covers it.
   */
  commitUnsynced(commit: () => void): void;
  /** Waits for the flush in progress, then closes the descriptor; later commits throw. */
  close(): Promise<void>;
  /** Whether close has been called. */
  readonly closing: boolean;
}

type Fsync = (fd: number, callback: (error: Error | null) => void) => void;

export interface WalSyncOptions {
  /** Node's `fs.fsync` unless a test replaces it. */
  flush?: Fsync;
  /**
   * Told once, at the first failed flush or failed return to synchronous=FULL (the server logs
   * it and fails its health check, so that someone restarts it).
   */
  onBroken?: (error: Error) => void;
}

/**
 * A WalSync for `db`, or undefined when its WAL cannot be opened or flushed (an in-memory
 * database; a file system that refuses): the queue then commits at FULL, as before.
 */
export function walSync(
  db: Database,
  { flush = fsync, onBroken }: WalSyncOptions = {},
): WalSync | undefined {
  if (db.memory) return undefined;
  let fd: number;
  try {
    // The WAL exists once journal_mode=WAL has been set and the database read (the store reads
    // its server id first). Opened for writing, though nothing is written through it: Windows
    // flushes (FlushFileBuffers) only a handle that may write. One flush now proves it works.
    fd = openSync(`${db.name}-wal`, 'r+');
  } catch {
    return undefined;
  }
  try {
    fsyncSync(fd);
  } catch {
    closeSync(fd);
    return undefined;
  }
  /** A flush failed: later batches fail, none commits again. */
  let broken: Error | undefined;
  /** FULL could not be restored: none commits again (committed ones still flush). */
  let refused: Error | undefined;
  let closing: Promise<void> | undefined;
  let flushing = false;
  let onIdle: (() => void) | undefined;
  /** Batches committed since the flush in progress started, in commit order. */
  let waiting: Array<(error?: Error) => void> = [];
  const flushNext = () => {
    const covered = waiting;
    waiting = [];
    flushing = true;
    flush(fd, (error) => {
      flushing = false;
      if (error && !broken) {
        broken = error;
        if (!refused) onBroken?.(error); // told once, whichever came first
      }
      for (const done of covered) done(broken);
      if (waiting.length > 0 && !broken) return flushNext();
      for (const done of waiting.splice(0)) done(broken);
      onIdle?.();
    });
  };
  /**
   * Back to FULL after a queue commit. Should that fail, the commit still stands (its flush
   * decides its fate), but this connection might commit every other write at NORMAL,
   * acknowledged before it is on disk: no queue write commits again, and the server is told.
   */
  const restoreFull = () => {
    try {
      try {
        db.pragma('synchronous = FULL');
      } catch {
        db.pragma('synchronous = FULL'); // once more: the connection must not stay at NORMAL
      }
    } catch (error) {
      refused ??= asError(error);
      onBroken?.(refused);
    }
  };
  const atNormal = (commit: () => void) => {
    if (broken ?? refused) throw broken ?? refused;
    if (closing) throw new Error('the store is closing');
    // Through db.pragma each time: a prepared PRAGMA statement is not a reliable switch.
    db.pragma('synchronous = NORMAL');
    try {
      commit();
    } finally {
      restoreFull();
    }
  };
  return {
    commitThenSync(commit, done) {
      atNormal(commit);
      waiting.push(done);
      if (!flushing) flushNext();
    },
    commitUnsynced: atNormal,
    get closing() {
      return closing !== undefined;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        onIdle = () => close(fd, () => resolve());
        if (!flushing) onIdle();
      });
      return closing;
    },
  };
}
