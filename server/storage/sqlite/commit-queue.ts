import type { Database } from 'better-sqlite3';

interface Job {
  run: () => unknown;
  settle: (outcome: { value: unknown } | { error: Error }) => void;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * The least time between two commits while writes keep coming: a write that arrives sooner
 * after the last commit waits for the rest of it, in one transaction with whatever else arrives
 * meanwhile. A commit costs about 250 µs of CPU however little it holds (the WAL's page writes
 * and its fsync; eight messages a commit cost about 100 µs each, bench: commit-batch), so under
 * load this is most of a message's cost; an idle server commits at once, adding no delay.
 */
export const COMMIT_WINDOW_MS = 2;

/** Each open database's pending commit, run at once when the database is closed. */
const pending = new WeakMap<Database, () => void>();

/** Commits whatever writes are waiting for their window (before the database is closed). */
export function flushPendingWrites(db: Database): void {
  pending.get(db)?.();
}

/**
 * Group commit: every write that arrives in one turn of the event loop (sends, edits, deletions,
 * reactions, read marks), or under load within `windowMs` of the last commit, runs in one
 * transaction, so that one fsync (synchronous=FULL) covers them all, and each promise settles
 * only once that transaction is on disk. Each write runs in
 * its own savepoint (a nested transaction), so that one that throws fails alone.
 */
export function commitQueue(
  db: Database,
  windowMs = COMMIT_WINDOW_MS,
): <T>(write: () => T) => Promise<T> {
  let queue: Job[] = [];
  let lastCommit = -Infinity;
  let timer: NodeJS.Timeout | undefined;
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
      if (typeof (value as { then?: unknown } | null)?.then === 'function')
        throw new TypeError('a group-commit write must be synchronous');
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
  const runQueue = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let outcomes: Array<{ value: unknown } | { error: Error }>;
    try {
      outcomes = flush(batch);
    } catch (error) {
      const failure = { error: asError(error) };
      outcomes = batch.map(() => failure);
    }
    lastCommit = performance.now();
    batch.forEach((job, i) => job.settle(outcomes[i] ?? { error: new Error('no outcome') }));
  };
  pending.set(db, runQueue);
  const schedule = () => {
    const wait = lastCommit + windowMs - performance.now();
    if (wait <= 0) setImmediate(runQueue);
    else timer = setTimeout(runQueue, wait);
  };
  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) schedule();
      queue.push({
        run: write,
        settle: (o) => ('error' in o ? reject(o.error) : resolve(o.value as T)),
      });
    });
}
