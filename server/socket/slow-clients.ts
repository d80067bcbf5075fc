import type { ChatIo } from './types.js';

/** What a socket may have queued for sending before it counts as frozen. */
export interface BacklogLimit {
  packets: number;
  bytes: number;
}

interface EngineInternals {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/**
 * A receiver that stops reading would otherwise make the server buffer every broadcast for it
 * without bound. Once a second, sockets whose unsent backlog is over the limit are dropped at the
 * transport: the client sees a lost connection, reconnects, and catches up from history.
 * Returns a function that stops the sweep.
 */
export function dropFrozenClients(io: ChatIo, limit: BacklogLimit, everyMs = 1000): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const conn = socket.conn as unknown as EngineInternals;
      const queued = conn.writeBuffer?.length ?? 0;
      const buffered = conn.transport?.socket?.bufferedAmount ?? 0;
      if (queued <= limit.packets && buffered <= limit.bytes) continue;
      // terminate(): a polite close would wait for the very backlog that will never drain.
      if (conn.transport?.socket?.terminate) conn.transport.socket.terminate();
      else conn.close(true);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
