import { rejoin } from '../socket/connection.js';
import type { ServerContext } from '../socket/types.js';

/**
 * Returns a function that reads every local socket's rooms from the store again and moves its
 * channels to match (connection.ts `rejoin`), one socket at a time so that the store is not
 * flooded. For a node that lost stream entries: a room join or removal among them never reached
 * its sockets, and a removed member would otherwise go on getting the room's messages. Asked
 * again while a pass runs, it runs one more pass after it.
 */
export function rereadAllRooms(context: ServerContext): () => void {
  let running = false;
  let again = false;
  const pass = async () => {
    running = true;
    do {
      again = false;
      for (const socket of [...context.io.of('/').sockets.values()]) {
        if (!socket.connected) continue;
        await rejoin(socket, context).catch((error: unknown) => {
          context.logger.error('cluster: rereading rooms after a stream gap failed', error);
          socket.conn.close();
        });
      }
    } while (again);
    running = false;
  };
  return () => {
    if (running) again = true;
    else void pass();
  };
}
