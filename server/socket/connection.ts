import type { Accounts } from '../auth/accounts.js';
import { BucketLimiter } from '../auth/rate-limit.js';
import { ChatError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ResolvedOptions } from '../options.js';
import { CLIENT_EVENTS, ErrorCode } from '../protocol.js';
import { authRefreshPayload } from '../schemas.js';
import type { ChatStore } from '../storage/store.js';
import { onAcked, reportUnanswerable, type EventContext } from './acked-events.js';
import type { LiveSockets } from './live-sockets.js';
import { bindMessageEvents } from './message-events.js';
import type { Presence } from './presence.js';
import { bindRoomEvents } from './room-events.js';
import { roomChannel, type ChatIo, type ChatSocket } from './types.js';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(CLIENT_EVENTS);

export interface ConnectionDeps {
  io: ChatIo;
  store: ChatStore;
  accounts: Accounts;
  live: LiveSockets;
  presence: Presence;
  options: ResolvedOptions;
  logger: Logger;
}

/** Per-server limiters, so that two servers in one process never share budgets. */
export function createLimiters(options: ResolvedOptions) {
  return {
    messages: new BucketLimiter(options.messageRate),
    events: new BucketLimiter(options.eventRate),
  };
}

/** Wires one authenticated socket: channels, token watch, presence and every event. */
export function handleConnection(
  socket: ChatSocket,
  deps: ConnectionDeps,
  limiters: ReturnType<typeof createLimiters>,
): void {
  const { io, store, accounts, live, presence, options, logger } = deps;
  const messages: EventContext = { limiter: limiters.messages, logger };
  const events: EventContext = { limiter: limiters.events, logger };
  live.attach(socket);

  socket.onAny((event: string, ...args: unknown[]) => {
    if (KNOWN_EVENTS.has(event)) return;
    const error = { code: ErrorCode.unknownEvent, message: `Unknown event ${String(event)}.` };
    const ack = args[args.length - 1];
    if (typeof ack === 'function') ack({ ok: false, error });
    else reportUnanswerable(socket, String(event), error);
  });

  bindRoomEvents(socket, { io, store, presence, events });
  bindMessageEvents(socket, { store, maxTextLength: options.maxTextLength, messages, events });
  onAcked(socket, 'auth:refresh', authRefreshPayload, events, async ({ token }) => {
    const identity = await accounts.authenticate(token);
    if (identity.user.id !== socket.data.identity.user.id) {
      throw new ChatError(ErrorCode.forbidden, 'The new token belongs to another user.');
    }
    live.holdTo(socket, identity);
    return { expiresAt: identity.expiresAt };
  });

  socket.on('disconnecting', () => {
    presence.changed(roomIdsOf(socket));
  });
  // Joined in the same tick as the CONNECT packet, so no broadcast can slip in between.
  const roomIds = socket.data.memberRoomIds ?? [];
  void socket.join(roomIds.map(roomChannel));
  socket.data.memberRoomIds = undefined;
  presence.changed(roomIds);
}

/** Middleware after the handshake check: loads the rooms to join before the socket connects. */
export function loadMemberRooms(store: ChatStore) {
  return async (socket: ChatSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      socket.data.memberRoomIds = await store.memberRoomIds(socket.data.identity.user.id);
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

function roomIdsOf(socket: ChatSocket): number[] {
  return [...socket.rooms]
    .filter((name) => name.startsWith('r:'))
    .map((name) => Number(name.slice(2)));
}
