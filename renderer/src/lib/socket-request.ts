import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ErrorBody,
  ServerToClientEvents,
} from '../../../server/protocol';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type AckedEvent = Exclude<keyof ClientToServerEvents, 'typing'>;
export type Answer<E extends AckedEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
export type Unreachable = { ok: false; error: { code: 'unreachable'; message: string } };
export type ActionResult = { ok: true } | { ok: false; error: ErrorBody | Unreachable['error'] };

const ACK_TIMEOUT_MS = 10_000;

/** Emits an acknowledged event; no answer within 10 s (or no connection) is `unreachable`. */
export async function request<E extends AckedEvent>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Answer<E> | Unreachable> {
  try {
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Answer<E>>;
    };
    return await timed.emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: 'unreachable', message: 'The server did not answer.' } };
  }
}
