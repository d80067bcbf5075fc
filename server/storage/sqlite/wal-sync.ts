import { close, closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

/**
 * Makes the group commit's transactions durable off the event loop. With `synchronous=FULL`
 * SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs on the main thread: every
 * commit stopped the server for the disk's flush (about 0.4 ms of wall time a commit here, on
 * top of its CPU). The queue's transactions instead commit with `synchronous=NORMAL` (frames
 * are written to the WAL file, not flushed), and their promises settle once `fsync` of the WAL
 * file, run on libuv's thread pool, has returned: the same guarantee (an acknowledged write is
 * on disk) without the wait on the main thread. Every other write keeps `synchronous=FULL`.
 *
 * Why this is as durable as FULL: the frames are in the file before COMMIT returns, and fsync
 * of any descriptor of a file flushes all of its data; a WAL restart (after a checkpoint) syncs
 * its new header itself, at NORMAL as at FULL; and a checkpoint syncs the WAL before copying
 * it. The one difference: another request may read a transaction in the moment between its
 * COMMIT and its fsync (before it is acknowledged), and a power cut then would take it back.
 */
export interface WalSync {
  /** Runs `commit` (a transaction) at synchronous=NORMAL, then calls `done` once it is flushed. */
  commitThenSync(commit: () => void, done: (error?: Error) => void): void;
  /** Resolves once every flush started has returned; the descriptor is then closed. */
  close(): Promise<void>;
}

/**
 * A WalSync for `db`, or undefined when its WAL cannot be opened (an in-memory database): the
 * queue then commits at FULL, as before.
 */
export function walSync(db: Database): WalSync | undefined {
  if (db.memory) return undefined;
  let fd: number;
  try {
    // The WAL exists once journal_mode=WAL has been set and the database read (the store reads
    // its server id first). Opened for writing, though nothing is written through it: Windows
    // flushes (FlushFileBuffers) only a handle that may write. One flush now proves it works
    // here; if it does not, the queue commits at FULL.
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
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const full = db.prepare('PRAGMA synchronous = FULL');
  let inflight = 0;
  let closed: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  const finish = () => {
    inflight--;
    if (inflight === 0 && closed) closed();
  };
  return {
    commitThenSync(commit, done) {
      normal.run();
      try {
        commit();
      } finally {
        full.run();
      }
      inflight++;
      fsync(fd, (error) => {
        finish();
        done(error ?? undefined);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = () => close(fd, () => resolve());
        if (inflight === 0) closed();
      });
      return closing;
    },
  };
}
