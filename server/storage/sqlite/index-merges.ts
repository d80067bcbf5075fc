import type { Database } from 'better-sqlite3';
import { asError } from '../../errors.js';
import type { WalSync } from './wal-sync.js';

/**
 * Merging the full-text index, in small steps of its own, never inside a message's write.
 *
 * FTS5 writes each transaction's new postings as a new segment, and merges segments as it goes:
 * some merging after every write (`automerge`), and, once one level holds `crisismerge`
 * segments (16), the whole level at once. The group commit writes a segment per batch, so those
 * merges came often, inside the batch's transaction, on the event loop: in the fan-out bench
 * batches' commits took up to 116 ms, one writing 68 MB of merged segments (issue 16), and
 * inserting a million messages in batches of 30 had commits of up to 460 ms.
 *
 * Here the writes merge nothing (`automerge` 0). After each batch a separate transaction merges
 * about {@link MERGE_STEP_PAGES} pages, and only while some level holds 4 segments or more
 * (FTS5's `merge` with a positive count). It commits at synchronous=NORMAL with no flush of its
 * own (wal-sync.ts): losing a merge in a crash loses nothing, the segments it merged are still
 * there, and the next batch's flush covers it. A million messages merged so, in a tool at
 * synchronous=NORMAL with `crisismerge` 200 (docs/bench-stalls-2026-12-07.txt): p99.9 commits
 * of 7.1 to 8.4 ms (19.2 ms with FTS5's merging), merge steps at p99 of 4.5 to 7.7 ms, and 6 to
 * 10 segments in the end where FTS5's own merging left 15. Single commits and steps of 90 to
 * 190 ms remained in those runs, with and without checkpoints; what they wait for is not known.
 *
 * `crisismerge` stays as a backstop, higher, for a rate the steps cannot keep up with and for
 * the index writes outside the queue (a room's or an account's deletion, which are rare): a
 * search reads every segment, so their number must stay bounded. Such a merge, of up to 64
 * segments inside a write, stalls longer than FTS5's of 16 did: accepted, as the steps keep
 * the segments few (index-merges.test.ts: at most 12 after 120 batches, 39 without the steps).
 */
export const MERGE_STEP_PAGES = 100;

/** Segments on one level at which FTS5 merges that level within the write (its default: 16). */
export const CRISIS_SEGMENTS = 64;

/** Migration: the message index stops merging inside writes (its settings are stored in it). */
export function mergeIndexOffWrites(db: Database): void {
  db.exec(`
    INSERT INTO message_index (message_index, rank) VALUES ('automerge', 0);
    INSERT INTO message_index (message_index, rank) VALUES ('crisismerge', ${CRISIS_SEGMENTS});
  `);
}

/**
 * One merge of about `pages` pages of the message index (FTS5's `merge`, positive: only while
 * some level holds 4 segments or more); it returns whether it merged anything.
 */
export function mergeStep(db: Database, pages: number): () => boolean {
  // FTS5 takes its settings as integers only; a bound JS number is a double.
  const merge = db.prepare(
    `INSERT INTO message_index (message_index, rank) VALUES ('merge', ${Math.trunc(pages)})`,
  );
  // A merge that found nothing to do still counts one change (FTS5's documented test: < 2).
  const total = db.prepare<[], number>('SELECT total_changes()').pluck();
  return () => {
    const before = total.get()!;
    merge.run();
    return total.get()! - before >= 2;
  };
}

/**
 * The step after a batch: call it whenever a batch has committed; `merged` is told after each
 * step that merged something. Steps asked for within one turn of the event loop run once, in
 * the next (after the batch's own work in this one). A step that fails is told to `onFailure`
 * (once until one succeeds again) and left: the next batch asks again, and a disk that refuses
 * fails the batches themselves.
 */
export function indexMerges(
  db: Database,
  sync?: WalSync,
  hooks: { onFailure?: (error: Error) => void; merged?: () => void } = {},
): () => void {
  const { onFailure, merged } = hooks;
  const step = db.transaction(mergeStep(db, MERGE_STEP_PAGES));
  let asked = false;
  let failing = false;
  const run = () => {
    asked = false;
    if (!db.open || sync?.closing) return;
    let wrote = false;
    try {
      if (sync) sync.commitUnsynced(() => (wrote = step()));
      else wrote = step();
      failing = false;
    } catch (error) {
      if (!failing) onFailure?.(asError(error));
      failing = true;
    }
    if (wrote) merged?.(); // a write the checkpoint thread must know of (checkpoint-thread.ts)
  };
  return () => {
    if (asked) return;
    asked = true;
    setImmediate(run);
  };
}
