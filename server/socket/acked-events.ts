import type { z } from 'zod';
import type { BucketLimiter } from '../auth/rate-limit.js';
import { ChatError, toErrorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import { ErrorCode, type AckFn, type ClientToServerEvents, type ErrorBody } from '../protocol.js';
import { parse } from '../schemas.js';
import type { ChatSocket } from './types.js';

type AckedEvent = Exclude<keyof ClientToServerEvents, 'typing'>;
/** What a handler returns for event E: the ack's success fields without `ok`. */
type Result<E extends AckedEvent> = ClientToServerEvents[E] extends (
  payload: never,
  ack: AckFn<infer T>,
) => void
  ? T
  : never;
type RawListener = (...args: unknown[]) => void;

/** socket.io types listeners by event; ours take raw, untrusted arguments on purpose. */
export function onRaw(socket: ChatSocket, event: string, listener: RawListener): void {
  (socket as unknown as { on(event: string, listener: RawListener): void }).on(event, listener);
}

/** Tells a client about an event that could not be answered through an ack. */
export function reportUnanswerable(socket: ChatSocket, event: string, error: ErrorBody): void {
  socket.emit('request:error', { event, error });
}

export interface EventContext {
  limiter: BucketLimiter;
  logger: Logger;
}

/**
 * Binds an acknowledged event: checks that an ack was given, applies the user's rate limit,
 * validates the payload, and answers `{ ok: true, ...result }` or `{ ok: false, error }`.
 * Nothing a client sends can make it throw or leave the ack unanswered.
 */
export function onAcked<E extends AckedEvent, S extends z.ZodType>(
  socket: ChatSocket,
  event: E,
  schema: S,
  context: EventContext,
  handle: (input: z.infer<S>) => Promise<Result<E>> | Result<E>,
): void {
  onRaw(socket, event, (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      reportUnanswerable(socket, event, {
        code: ErrorCode.invalidPayload,
        message: `${event} needs an acknowledgement callback as its last argument.`,
      });
      return;
    }
    void answer(socket, event, args, context, schema, handle).then((reply) => {
      try {
        ack(reply);
      } catch {
        // A client-side ack cannot throw here; nothing to do if the socket is gone.
      }
    });
  });
}

async function answer<E extends AckedEvent, S extends z.ZodType>(
  socket: ChatSocket,
  event: E,
  args: unknown[],
  { limiter, logger }: EventContext,
  schema: S,
  handle: (input: z.infer<S>) => Promise<Result<E>> | Result<E>,
): Promise<{ ok: true } | { ok: false; error: ErrorBody }> {
  try {
    const allowed = limiter.take(socket.data.identity.user.id);
    if (!allowed.allowed) {
      throw new ChatError(ErrorCode.rateLimited, 'Slow down.', allowed.retryAfterMs);
    }
    if (args.length !== 2) {
      throw new ChatError(ErrorCode.invalidPayload, `${event} takes (payload, ack).`);
    }
    const result = await handle(parse(schema, args[0]));
    return { ok: true, ...result };
  } catch (error) {
    if (!(error instanceof ChatError)) logger.error(`socket: ${event} failed`, error);
    return { ok: false, error: toErrorBody(error) };
  }
}
