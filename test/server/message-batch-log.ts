import type { Message } from '../../server/protocol.js';
import { connect, sleep, type Client } from './helpers.js';

/** One event as a socket saw it: its kind and the messages it carried, in arrival order. */
export interface Seen {
  event: 'message' | 'messages' | 'message:updated';
  messages: Message[];
}

/** Records every message event the socket receives from now on. */
export function record(socket: Client): Seen[] {
  const log: Seen[] = [];
  socket.on('message', (message) => log.push({ event: 'message', messages: [message] }));
  socket.on('messages', (messages) => log.push({ event: 'messages', messages }));
  socket.on('message:updated', (message) =>
    log.push({ event: 'message:updated', messages: [message] }),
  );
  return log;
}

/** Ids of the new messages in the log (`message` and `messages`), in the order they arrived. */
export const deliveredIds = (log: Seen[]): number[] =>
  log
    .filter((seen) => seen.event !== 'message:updated')
    .flatMap((s) => s.messages.map((m) => m.id));

/** How many events of one kind the log holds. */
export const count = (log: Seen[], event: Seen['event']): number =>
  log.filter((seen) => seen.event === event).length;

/** Waits until `done()` holds, failing after `timeoutMs`. */
export async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(5);
  }
}

/** A second socket for a user that takes `messages` batches. */
export const connectBatch = (url: string, token: string): Promise<Client> =>
  connect(url, token, { auth: { token, batch: true } });
