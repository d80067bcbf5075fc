/** How long a change is remembered: far longer than any handshake may take (10 s). */
const KEEP_MS = 60_000;

/**
 * When each user's room memberships last changed, numbered in order, kept for a minute. A
 * socket's handshake reads the user's rooms before the socket is connected, so a join or leave
 * made meanwhile on another of the user's sockets cannot reach it (those find connected sockets
 * only). The handshake takes a mark before that read; if the user's rooms changed since, the
 * socket reads them again once it is connected (see `handleConnection`).
 */
export class MembershipLog {
  private seq = 0;
  private readonly users = new Map<number, { seq: number; at: number }>();

  mark(): number {
    return this.seq;
  }

  /** The user joined, left or was put in a room. */
  changed(userId: number, now = Date.now()): void {
    this.users.set(userId, { seq: ++this.seq, at: now });
  }

  changedSince(mark: number, userId: number): boolean {
    return (this.users.get(userId)?.seq ?? 0) > mark;
  }

  prune(now = Date.now()): void {
    for (const [id, entry] of this.users) if (now - entry.at > KEEP_MS) this.users.delete(id);
  }
}
