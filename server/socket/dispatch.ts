import type { z } from 'zod';
import { ChatError, toErrorBody } from '../errors.js';
import { ErrorCode, type AckFn, type ClientToServerEvents, type ErrorBody } from '../protocol.js';
import { parse } from '../schemas.js';
import type { ChatSocket, ServerContext } from './types.js';

export type AckedEvent = Exclude<keyof ClientToServerEvents, 'typing'>;
/** What a handler returns for event E: the ack's success fields without `ok`. */
export type Result<E extends AckedEvent> = ClientToServerEvents[E] extends (
  payload: never,
  ack: AckFn<infer T>,
) => void
  ? T
  : never;

/** One acknowledged event: its payload schema, its rate budget, and what it does. */
export interface AckedHandler<E extends AckedEvent, S extends z.ZodType = z.ZodType> {
  schema: S;
  budget: 'messages' | 'events';
  handle(
    input: z.infer<S>,
    socket: ChatSocket,
    context: ServerContext,
  ): Promise<Result<E>> | Result<E>;
}

/** Builds a table entry with its types checked against the protocol. */
export function acked<E extends AckedEvent, S extends z.ZodType>(
  schema: S,
  handle: AckedHandler<E, S>['handle'],
  budget: 'messages' | 'events' = 'events',
): AckedHandler<E, S> {
  return { schema, handle, budget };
}

export type AckedTable = { [E in AckedEvent]: AckedHandler<E> };
export type Fireable = (payload: unknown, socket: ChatSocket, context: ServerContext) => void;

/** Tells a client about an event that could not be answered through an ack. */
export function reportUnanswerable(socket: ChatSocket, event: string, error: ErrorBody): void {
  socket.emit('request:error', { event, error });
}

/**
 * Makes the one listener every socket shares (Socket.IO calls it with `this` set to the socket):
 * it routes each event to its handler, checks that an ack was given, applies the user's rate
 * limit, validates the payload, and answers `{ ok: true, ...result }` or `{ ok: false, error }`.
 * Nothing a client sends can make it throw or leave an ack unanswered.
 */
export function makeDispatcher(table: AckedTable, fireAndForget: Record<string, Fireable>) {
  return function dispatch(this: ChatSocket, event: unknown, ...args: unknown[]): void {
    const context = this.data.context;
    const name = String(event);
    const ack = args[args.length - 1];
    const simple = Object.hasOwn(fireAndForget, name) ? fireAndForget[name] : undefined;
    if (simple) {
      simple(args[0], this, context);
      if (typeof ack === 'function') ack({ ok: true }); // not needed, but never left hanging
      return;
    }
    const handler = Object.hasOwn(table, name) ? table[name as AckedEvent] : undefined;
    if (typeof ack !== 'function') {
      const message = handler
        ? `${name} needs an acknowledgement callback as its last argument.`
        : `Unknown event ${name}.`;
      const code = handler ? ErrorCode.invalidPayload : ErrorCode.unknownEvent;
      return reportUnanswerable(this, name, { code, message });
    }
    void answer(this, name, args, context, handler).then((reply) => {
      try {
        ack(reply);
      } catch {
        // Nothing to do if the socket is gone.
      }
    });
  };
}

async function answer(
  socket: ChatSocket,
  event: string,
  args: unknown[],
  context: ServerContext,
  handler: AckedHandler<AckedEvent> | undefined,
): Promise<{ ok: true } | { ok: false; error: ErrorBody }> {
  try {
    if (!handler) throw new ChatError(ErrorCode.unknownEvent, `Unknown event ${event}.`);
    const allowed = context.limiters[handler.budget].take(socket.data.user.id);
    if (!allowed.allowed)
      throw new ChatError(ErrorCode.rateLimited, 'Slow down.', allowed.retryAfterMs);
    if (args.length !== 2)
      throw new ChatError(ErrorCode.invalidPayload, `${event} takes (payload, ack).`);
    const result: object = await handler.handle(parse(handler.schema, args[0]), socket, context);
    return { ok: true, ...result };
  } catch (error) {
    if (!(error instanceof ChatError)) context.logger.error(`socket: ${event} failed`, error);
    return { ok: false, error: toErrorBody(error) };
  }
}
