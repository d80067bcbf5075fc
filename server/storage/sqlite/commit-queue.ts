import type { Database } from 'better-sqlite3';

interface Job {
  run: () => unknown;
  settle: (outcome: { value: unknown } | { error: Error }) => void;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Group commit: every write that arrives in one turn of the event loop (sends, edits, deletions,
 * reactions, read marks) runs in one transaction, so that one fsync (synchronous=FULL) covers
 * them all, and each promise settles only once that transaction is on disk. Each write runs in
 * its own savepoint (a nested transaction), so that one that throws fails alone.
 */
export function commitQueue(db: Database): <T>(write: () => T) => Promise<T> {
  let queue: Job[] = [];
  const flush = db.transaction((batch: Job[]) =>
    batch.map((job) => {
      try {
        return { value: db.transaction(job.run)() };
      } catch (error) {
        return { error: asError(error) };
      }
    }),
  );
  const runQueue = () => {
    const batch = queue;
    queue = [];
    let outcomes: Array<{ value: unknown } | { error: Error }>;
    try {
      outcomes = flush(batch);
    } catch (error) {
      const failure = { error: asError(error) };
      outcomes = batch.map(() => failure);
    }
    batch.forEach((job, i) => job.settle(outcomes[i] ?? { error: new Error('no outcome') }));
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
