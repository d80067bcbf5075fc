import type { Message } from '../../server/protocol.js';
import { connect, sleep, type Client } from './helpers.js';
import { send } from './message-helpers.js';

/** One event as a socket saw it: its kind and the messages it carried, in arrival order. */
export interface Seen {
  event: 'message' | 'messages' | 'message:updated' | 'room:left';
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
  socket.on('room:left', () => log.push({ event: 'room:left', messages: [] }));
  return log;
}

/** Ids of the new messages in the log (`message` and `messages`), in the order they arrived. */
export const deliveredIds = (log: Seen[]): number[] =>
  log
    .filter((seen) => seen.event === 'message' || seen.event === 'messages')
    .flatMap((s) => s.messages.map((m) => m.id));

/** Whether the message arrived in a `messages` batch, that is, was held back for one. */
export const batched = (log: Seen[], id: number): boolean =>
  log.some((seen) => seen.event === 'messages' && seen.messages.some((m) => m.id === id));

/** Sends `count` messages at once; resolves with the acknowledged ids, in id order. */
export async function burst(
  socket: Client,
  count: number,
  extra: Record<string, unknown> = {},
): Promise<number[]> {
  const sent = await Promise.all(
    Array.from({ length: count }, (_, i) => send(socket, `burst ${i}`, extra)),
  );
  return sent.map((m) => m.id).sort((a, b) => a - b);
}

/** Sends `count` messages one after another, each once the last was acknowledged. */
export async function stream(socket: Client, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await send(socket, `stream ${i}`)).id);
  return ids;
}

/**
 * Runs `attempt` until it reports that it exercised what it tests (timing decides whether a
 * room holds a message back: a loaded box may flush before the next step), at most `tries`
 * times; each attempt makes its own assertions, which must hold whatever the timing. Fails if
 * no attempt got there, since the test would then prove nothing.
 */
export async function untilExercised(attempt: () => Promise<boolean>, tries = 8): Promise<void> {
  for (let i = 0; i < tries; i++) if (await attempt()) return;
  throw new Error(`not exercised in ${tries} tries: the room never held the message back`);
}

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
