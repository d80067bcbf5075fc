import type { createAdapter } from '@socket.io/redis-streams-adapter';

type AdapterFactory = ReturnType<typeof createAdapter>;
type StreamsAdapter = ReturnType<AdapterFactory>;
type RawEntry = Parameters<StreamsAdapter['onRawMessage']>[0] & { seq?: string };

/** The nodes whose numbering one node keeps; past it, the longest silent is forgotten. */
const ORIGINS_KEPT = 1_000;
/** Gaps found within this long of the first are told together, with the earliest `since`. */
const GAP_WINDOW_MS = 1_000;

/**
 * Makes adapters that number each entry their node writes to the stream, and check each other
 * node's numbers as entries are read. The stream keeps its newest `maxLen` entries only: a node
 * that falls further behind than that (an event loop stalled, a slow link) never reads the
 * entries trimmed before it got to them, and nothing in the adapter says so. A jump in another
 * node's numbers does: `onGap` hears it with the Redis time of the last entry read from that
 * node before the jump, which is earlier than any of its entries that were lost. Gaps found
 * within a second are told once, with the earliest time, so that a node that stays behind
 * catches up at most once a second and never drops a gap.
 *
 * What this cannot see: entries lost from a node that writes nothing afterwards (or restarts,
 * under a new id) are noticed only if another node's entries were lost with them. An entry
 * whose write failed (Redis went away) also leaves a jump; the node that lost its link resyncs
 * every node then anyway. Entries without a number (an older node) are delivered unchecked,
 * and an entry read again (a number not above the last) is not a gap.
 */
export function watchStreamGaps(
  make: AdapterFactory,
  onGap: (since: number) => void,
): AdapterFactory {
  // A plain function: Socket.IO calls the factory with `new`.
  return function streamGapsAdapter(nsp: unknown) {
    const adapter = make(nsp);
    const internals = adapter as unknown as { uid: string; encode(message: unknown): RawEntry };
    const encode = internals.encode.bind(adapter);
    let written = 0;
    internals.encode = (message) => ({ ...encode(message), seq: String(++written) });

    const heard = new Map<string, { seq: number; at: number }>();
    let pending: number | undefined;
    const found = (since: number) => {
      if (pending !== undefined) return void (pending = Math.min(pending, since));
      pending = since;
      setTimeout(() => {
        const earliest = pending ?? since;
        pending = undefined;
        onGap(earliest);
      }, GAP_WINDOW_MS).unref();
    };
    const read = adapter.onRawMessage.bind(adapter);
    adapter.onRawMessage = (raw: RawEntry, offset: string) => {
      const seq = Number(raw.seq);
      // Entry ids are `<ms>-<n>`, in Redis's clock.
      const at = Number.parseInt(offset, 10);
      if (
        raw.uid !== internals.uid &&
        raw.seq !== undefined &&
        Number.isSafeInteger(seq) &&
        Number.isSafeInteger(at)
      ) {
        const before = heard.get(raw.uid);
        if (before === undefined || seq > before.seq) {
          // Re-inserted, so that the map's first key is the origin silent the longest.
          heard.delete(raw.uid);
          heard.set(raw.uid, { seq, at });
          if (heard.size > ORIGINS_KEPT) heard.delete(heard.keys().next().value!);
          if (before !== undefined && seq > before.seq + 1) found(before.at);
        }
      }
      return read(raw, offset);
    };
    return adapter;
  } as unknown as AdapterFactory;
}
