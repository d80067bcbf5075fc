/** How long a change is remembered: far longer than any handshake may take (10 s). */
const KEEP_MS = 60_000;

/**
 * The last change of each key, numbered in order and kept for a minute. A socket's handshake
 * reads the store before the socket is connected, and changes made meanwhile (a logout or ban, a
 * room joined or left on another socket) cannot reach a socket that is not connected yet. So the
 * handshake takes a mark before it reads, and asks once it is admitted whether its keys changed
 * since: the answer needs no second database read. Used for revocations (LiveSockets) and for
 * room memberships (`ServerContext.membership`).
 */
export class RecentChanges<K, V> {
  private seq = 0;
  private readonly entries = new Map<K, { seq: number; at: number; value: V }>();

  mark(): number {
    return this.seq;
  }

  add(key: K, value: V, now = Date.now()): void {
    this.entries.set(key, { seq: ++this.seq, at: now, value });
  }

  /** The value of the key's change after `mark`, if it changed since. */
  since(mark: number, key: K): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.seq > mark ? entry.value : undefined;
  }

  prune(now = Date.now()): void {
    for (const [key, entry] of this.entries) if (now - entry.at > KEEP_MS) this.entries.delete(key);
  }
}
