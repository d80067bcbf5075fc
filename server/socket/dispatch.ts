import type { z } from 'zod';
import { ChatError, toErrorBody } from '../errors.js';
import { ErrorCode, type AckFn, type ClientToServerEvents, type ErrorBody } from '../protocol.js';
import { parse } from '../schemas.js';
import { spendInTurn } from './shared-spend.js';
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

/**
 * Tells a client about an event that could not be answered through an ack. The event's name is
 * repeated only when it is one of the protocol's own: a client-chosen string is never echoed, so
 * that an answer can never be larger than what the server chose to say.
 */
export function reportUnanswerable(
  socket: ChatSocket,
  event: string,
  error: ErrorBody,
  known: boolean,
): void {
  socket.emit('request:error', known ? { event, error } : { error });
}

/**
 * Makes the one listener every socket shares (Socket.IO calls it with `this` set to the socket).
 * Every event, known or not, with or without an ack, first spends from the user's budget: past it
 * the event is dropped (or its ack says `rate_limited`), so no flood can make the server talk.
 * Then it routes the event to its handler, checks that an ack was given, validates the payload,
 * and answers `{ ok: true, ...result }` or `{ ok: false, error }`. Nothing a client sends can make
 * it throw or leave an ack unanswered.
 */
export function makeDispatcher(table: AckedTable, fireAndForget: Record<string, Fireable>) {
  return function dispatch(this: ChatSocket, event: unknown, ...args: unknown[]): void {
    const context = this.data.context;
    const userId = this.data.user.id;
    const name = typeof event === 'string' ? event : '';
    const ack = args[args.length - 1];
    const simple = Object.hasOwn(fireAndForget, name) ? fireAndForget[name] : undefined;
    const handler = Object.hasOwn(table, name) ? table[name as AckedEvent] : undefined;
    const limiter = context.limiters[handler?.budget ?? 'events'];
    const budget = limiter.take(userId);
    if (!budget.allowed) context.metrics.rateLimited(handler?.budget ?? 'events');
    // In a cluster, an event this node allowed spends from the cluster's budget too, before it
    // does anything (a refusal there is `rate_limited` or a dropped event, as here). An unknown
    // or ack-less acked event only earns its sender an error, and stays with this node's budget.
    const shared = limiter.cluster;
    const then = (run: () => void) => {
      if (!shared) return run();
      spendInTurn(this, shared, run, (retryAfterMs) => {
        context.metrics.rateLimited(handler?.budget ?? 'events');
        if (typeof ack === 'function') reply(refusal(retryAfterMs));
      });
    };
    const reply = (answer: object) => {
      try {
        (ack as (answer: object) => void)(answer);
      } catch {
        // Nothing to do if the socket is gone.
      }
    };
    if (typeof ack !== 'function') {
      if (!budget.allowed) return;
      if (simple) return then(() => simple(args[0], this, context));
      const error: ErrorBody = handler
        ? { code: ErrorCode.invalidPayload, message: 'This event needs an acknowledgement.' }
        : { code: ErrorCode.unknownEvent, message: 'Unknown event.' };
      return reportUnanswerable(this, name, error, handler !== undefined);
    }
    if (!budget.allowed) return reply(refusal(budget.retryAfterMs));
    if (simple) {
      return then(() => {
        simple(args[0], this, context);
        reply({ ok: true }); // not needed, but never left hanging
      });
    }
    if (!handler) return void answer(this, name, args, context, handler).then(reply);
    then(() => {
      void answer(this, name, args, context, handler).then((result) => {
        if (result.ok && name === 'message:send') context.metrics.messageSent();
        reply(result);
      });
    });
  };
}

function refusal(retryAfterMs: number): { ok: false; error: ErrorBody } {
  const error = new ChatError(ErrorCode.rateLimited, 'Slow down.', retryAfterMs);
  return { ok: false, error: error.toBody() };
}

async function answer(
  socket: ChatSocket,
  event: string,
  args: unknown[],
  context: ServerContext,
  handler: AckedHandler<AckedEvent> | undefined,
): Promise<{ ok: true } | { ok: false; error: ErrorBody }> {
  try {
    if (!handler) throw new ChatError(ErrorCode.unknownEvent, 'Unknown event.');
    if (args.length !== 2)
      throw new ChatError(ErrorCode.invalidPayload, 'An event takes (payload, ack).');
    const result: object = await handler.handle(parse(handler.schema, args[0]), socket, context);
    return { ok: true, ...result };
  } catch (error) {
    const body = toErrorBody(error);
    // `event` is a protocol event here: an unknown name is refused above, and never logged.
    const known = handler ? event : undefined;
    if (!(error instanceof ChatError))
      context.logger.error('socket event failed', {
        event: known,
        errorCode: body.code,
        err: error,
      });
    else {
      // A client's mistake or abuse: detail only, so that no client can flood an info-level log.
      context.logger.debug?.('socket event refused', { event: known, errorCode: body.code });
      if (body.code === ErrorCode.rateLimited && known)
        context.metrics.rateLimited(`event ${known}`);
    }
    return { ok: false, error: body };
  }
}
