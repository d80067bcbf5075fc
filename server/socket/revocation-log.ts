import type { ErrorCode } from '../protocol.js';

/** How long a revocation is remembered: far longer than any handshake may take (10 s). */
const KEEP_MS = 60_000;

interface Entry {
  seq: number;
  at: number;
  code: ErrorCode;
}

/**
 * The last revocation of each session and user, numbered in order, kept for a minute. A handshake
 * takes a mark before it reads the store and asks, when it is admitted, whether anything of its
 * own was revoked since: the answer needs no second database read.
 */
export class RevocationLog {
  private seq = 0;
  private readonly sessions = new Map<number, Entry>();
  private readonly users = new Map<number, Entry>();

  mark(): number {
    return this.seq;
  }

  add(kind: 'session' | 'user', id: number, code: ErrorCode, now = Date.now()): void {
    (kind === 'session' ? this.sessions : this.users).set(id, { seq: ++this.seq, at: now, code });
  }

  /** The code of a revocation of this session or user after `mark`, if any. */
  since(mark: number, sessionId: number, userId: number): ErrorCode | undefined {
    const hit = (entry: Entry | undefined) => (entry && entry.seq > mark ? entry : undefined);
    return (hit(this.users.get(userId)) ?? hit(this.sessions.get(sessionId)))?.code;
  }

  prune(now = Date.now()): void {
    for (const map of [this.sessions, this.users])
      for (const [id, entry] of map) if (now - entry.at > KEEP_MS) map.delete(id);
  }
}
