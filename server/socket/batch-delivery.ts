import type { Message } from '../protocol.js';
import type { IdentifiedIo } from './socket-identity.js';

/**
 * The two global channels every socket joins exactly one of at connection: sockets whose
 * handshake said `batch: true`, and the rest. A colon after a word other than `r` keeps them
 * apart from chat room channels (`r:<id>`, see room-channels.ts) and socket ids (no colon), so
 * `roomIdOf` (and with it presence) ignores them. Only `BATCH_CHANNEL` decides who gets a
 * `messages` batch: a socket in neither gets single events, the safe default.
 */
export const BATCH_CHANNEL = 'proto:batch';
export const SINGLE_CHANNEL = 'proto:single';

/** A message waiting for its room's flush, and the socket it came from (its echo is skipped). */
export interface HeldMessage {
  message: Message;
  sender: string;
}

/**
 * Sends a room's waiting messages, oldest first, to the sockets in its `channel`. One message
 * goes as the ordinary event, to batch sockets too (one emit instead of two). More go as one
 * `messages` frame to each socket known to take batches, and as single events to any other (even
 * one in neither delivery channel), which every client understands.
 */
export function sendHeld(io: IdentifiedIo, channel: string, held: HeldMessage[]): void {
  const [first] = held;
  if (held.length === 1 && first) {
    io.to(channel).except(first.sender).emit('message', first.message);
    return;
  }
  if (held.length === 0) return;
  const { batch, singles } = splitByTakers(io, channel);
  if (batch.length > 0)
    io.to(batch).emit(
      'messages',
      held.map((h) => h.message),
    );
  if (singles.length > 0)
    for (const { message, sender } of held) io.to(singles).except(sender).emit('message', message);
}

/**
 * The channel's sockets that take batches (in `BATCH_CHANNEL`, found by walking the smaller of
 * the two sets) and the rest, once per flush. Routing with `except(BATCH_CHANNEL)` instead
 * would walk every batch socket of the server on every single emit (the adapter expands an
 * excepted channel into a set of its sockets).
 */
export function splitByTakers(
  io: IdentifiedIo,
  channel: string,
): { batch: string[]; singles: string[] } {
  const rooms = io.of('/').adapter.rooms;
  const members = rooms.get(channel);
  const takers = rooms.get(BATCH_CHANNEL);
  if (!members) return { batch: [], singles: [] };
  if (!takers) return { batch: [], singles: [...members] };
  const batch: string[] = [];
  if (members.size <= takers.size) {
    for (const id of members) if (takers.has(id)) batch.push(id);
  } else for (const id of takers) if (members.has(id)) batch.push(id);
  if (batch.length === members.size) return { batch, singles: [] };
  const singles: string[] = [];
  for (const id of members) if (!takers.has(id)) singles.push(id);
  return { batch, singles };
}
