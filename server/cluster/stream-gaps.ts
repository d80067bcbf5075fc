import type { createAdapter } from '@socket.io/redis-streams-adapter';

type AdapterFactory = ReturnType<typeof createAdapter>;
type StreamsAdapter = ReturnType<AdapterFactory>;
type RawEntry = Parameters<StreamsAdapter['onRawMessage']>[0] & { seq?: string };

/** The nodes whose numbering one node keeps; past it, the longest silent is forgotten. */
const ORIGINS_KEPT = 1_000;
/** Gaps found within this long of one already told, and no older, are the same gap. */
const SAME_GAP_MS = 1_000;

/**
 * Makes adapters that number each entry their node writes to the stream, and check each other
 * node's numbers as entries are read. The stream keeps its newest `maxLen` entries only: a node
 * that falls further behind than that (an event loop stalled, a slow link) never reads the
 * entries trimmed before it got to them, and nothing in the adapter says so. A jump in another
 * node's numbers does: `onGap` hears it with the Redis time of the last entry read before the
 * gap, from which this node's sockets catch up (`server:resync`).
 *
 * An entry whose write failed (Redis went away) also leaves a jump; the node that lost its link
 * resyncs every node then anyway, so the extra catch-up costs a history read per room, no more.
 * Entries without a number (a node of an older version) are delivered and not checked.
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

    const heard = new Map<string, number>();
    let lastReadAt = 0;
    let told = { at: -Infinity, since: 0 };
    const read = adapter.onRawMessage.bind(adapter);
    adapter.onRawMessage = (raw: RawEntry, offset: string) => {
      const seq = Number(raw.seq);
      if (raw.uid !== internals.uid && raw.seq !== undefined && Number.isSafeInteger(seq)) {
        const before = heard.get(raw.uid);
        // Re-inserted, so that the map's first key is the origin silent the longest.
        heard.delete(raw.uid);
        heard.set(raw.uid, seq);
        if (heard.size > ORIGINS_KEPT) heard.delete(heard.keys().next().value!);
        if (before !== undefined && seq !== before + 1) {
          const now = Date.now();
          if (now - told.at >= SAME_GAP_MS || lastReadAt < told.since) {
            told = { at: now, since: lastReadAt };
            onGap(lastReadAt);
          }
        }
      }
      // Entry ids are `<ms>-<n>`, in Redis's clock.
      const at = Number.parseInt(offset, 10);
      if (Number.isSafeInteger(at)) lastReadAt = at;
      return read(raw, offset);
    };
    return adapter;
  } as unknown as AdapterFactory;
}
