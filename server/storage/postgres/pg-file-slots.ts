import { ChatError } from '../../errors.js';
import { ErrorCode } from '../../protocol.js';

/** How a kind of file work shares the file pool's connections (see pg-store.ts). */
export interface SlotLimits {
  /** Calls running at once. */
  size: number;
  /** Calls waiting for a turn, at most; one more is refused at once. */
  maxWaiting: number;
  /** How long a call waits for its turn before it is refused. */
  waitMs: number;
}

const busy = () =>
  new ChatError(ErrorCode.unavailable, 'The server is busy with other files; try again shortly.');

/**
 * Runs at most `size` calls at once, the others in turn, first come first served. A call that
 * finds the queue full, or waits past `waitMs`, is refused `unavailable` (503): what a client can
 * make a node hold for its files is bounded, and one kind of work (uploads holding a connection
 * for their transaction, avatar reads that need no login) cannot take the connections of
 * another (downloads).
 */
export function slots({ size, maxWaiting, waitMs }: SlotLimits) {
  let free = size;
  const queue: Array<() => void> = [];
  const turn = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    if (queue.length >= maxWaiting) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(go), 1);
        reject(busy());
      }, waitMs);
      queue.push(go);
    });
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    await turn();
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line, or back to the pool of free ones.
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}
