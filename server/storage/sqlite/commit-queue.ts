import type { Database } from 'better-sqlite3';
import { asError } from '../../errors.js';
import type { WalSync } from './wal-sync.js';

interface Job {
  run: () => unknown;
  settle: (outcome: { value: unknown } | { error: Error }) => void;
}

/** What the queue tells, and asks, around each batch. */
export interface BatchHooks {
  /** After each batch's transaction has committed (index merges, checkpoints). */
  committed?: () => void;
  /** Whether the next batch must wait; if so, `resume` runs it later. */
  hold?: (resume: () => void) => boolean;
}

/**
 * Group commit: every write that arrives in one turn of the event loop (sends, edits, deletions,
 * reactions, read marks) runs in one transaction, so that one fsync covers them all, and each
 * promise settles only once that transaction is on disk. Each write runs in its own savepoint
 * (a nested transaction), so that one that throws fails alone. With `sync`, the fsync runs off
 * the event loop (wal-sync.ts); without it, inside COMMIT (synchronous=FULL).
 */
export function commitQueue(
  db: Database,
  sync?: WalSync,
  hooks: BatchHooks = {},
): <T>(write: () => T) => Promise<T> {
  const { committed, hold } = hooks;
  let queue: Job[] = [];
  // Each job's savepoint, prepared once: wrapping every job in `db.transaction` built four
  // functions and their properties per write, a cost the profile of a send showed.
  const savepoint = db.prepare('SAVEPOINT parley_write');
  const release = db.prepare('RELEASE parley_write');
  const rollbackTo = db.prepare('ROLLBACK TO parley_write');
  const inSavepoint = (run: () => unknown): unknown => {
    savepoint.run();
    let value: unknown;
    try {
      value = run();
      // An async write would run its awaited part after the COMMIT, outside any transaction,
      // while its promise said it was on disk: refused, and what it did synchronously undone.
      const then = (value as { then?: unknown } | null)?.then;
      if (typeof then === 'function') {
        // Its rejection, if any, must not go unhandled (that would end the process).
        (then as (onFulfilled: unknown, onRejected: unknown) => unknown).call(
          value,
          undefined,
          () => {},
        );
        throw new TypeError('a group-commit write must be synchronous');
      }
    } catch (error) {
      // Undone and let go, as a failed nested `db.transaction` does; unless SQLite already
      // rolled the whole transaction back (then there is no savepoint left).
      if (db.inTransaction) {
        rollbackTo.run();
        release.run();
      }
      throw error;
    }
    release.run();
    return value;
  };
  const flush = db.transaction((batch: Job[]) => {
    let fatal: Error | undefined;
    const outcomes = batch.map((job) => {
      // Some errors (a full disk, I/O) make SQLite roll back the whole transaction, not just the
      // savepoint: the jobs after it would then each commit on their own, outside the batch,
      // and be reported failed when the batch's COMMIT fails. They are not run at all.
      if (fatal) return { error: fatal };
      try {
        return { value: inSavepoint(job.run) };
      } catch (error) {
        if (!db.inTransaction) fatal = asError(error);
        return { error: asError(error) };
      }
    });
    // Everything before it was rolled back with it: the whole batch failed, for that reason.
    if (fatal) throw fatal;
    return outcomes;
  });
  const runQueue = (): void => {
    // The WAL must be copied first (checkpoint-thread.ts): the batch waits, the loop runs on.
    if (hold?.(runQueue)) return;
    const batch = queue;
    queue = [];
    let outcomes: Array<{ value: unknown } | { error: Error }> = [];
    // A failed flush (the disk) fails every write in the batch, whatever its outcome said.
    const settle = (failure?: Error) =>
      batch.forEach((job, i) => {
        const outcome = outcomes[i] ?? { error: new Error('no outcome') };
        job.settle(failure && !('error' in outcome) ? { error: failure } : outcome);
      });
    try {
      if (!sync) {
        outcomes = flush(batch);
        settle();
      } else {
        sync.commitThenSync(
          () => (outcomes = flush(batch)),
          (error) => settle(error),
        );
      }
    } catch (error) {
      const failure = { error: asError(error) };
      outcomes = batch.map(() => failure);
      return settle();
    }
    // Outside the try: the batch stands, whatever a hook does.
    try {
      committed?.();
    } catch {
      // Index merges and checkpoints are upkeep; the writes are done.
    }
  };
  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(runQueue);
      queue.push({
        run: write,
        settle: (o) => ('error' in o ? reject(o.error) : resolve(o.value as T)),
      });
    });
}
