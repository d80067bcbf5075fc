import type { SecurityStore } from '../storage/security-store.js';

/**
 * When each session was last active (a socket connection or a token refresh), held in memory and
 * written to the store in one transaction per flush: a socket handshake must not cost a database
 * write (the connect benchmark counts every microsecond). The server flushes once a minute and
 * on close; readers merge what is not flushed yet (`pending`).
 */
export class SessionActivity {
  private noted = new Map<number, number>();

  /** Notes that the session was just used. O(1), no I/O. */
  note(sessionId: number, at = Date.now()): void {
    this.noted.set(sessionId, at);
  }

  /** The newest activity noted for the session and not flushed yet. */
  pending(sessionId: number): number | undefined {
    return this.noted.get(sessionId);
  }

  /** Forgets sessions that ended, so that a later flush does not write them back. */
  forget(sessionIds: number[]): void {
    for (const id of sessionIds) this.noted.delete(id);
  }

  /** Writes every noted time to the store (never moving a session's time backwards). */
  async flush(store: Pick<SecurityStore, 'noteSessionActivity'>): Promise<void> {
    if (this.noted.size === 0) return;
    const batch = this.noted;
    this.noted = new Map();
    try {
      await store.noteSessionActivity([...batch]);
    } catch (error) {
      // Put them back (newer notes win) so that the next flush tries again.
      for (const [id, at] of batch) if (!this.noted.has(id)) this.noted.set(id, at);
      throw error;
    }
  }
}
