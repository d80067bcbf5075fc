import { ChatError } from '../../errors.js';
import { ErrorCode } from '../../protocol.js';

/** Node's socket errors that mean the database server cannot be reached, or dropped us. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT', // the Unix socket is gone: the server is stopped
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND', // a stopped container's name no longer resolves (docs/deploy/compose.yaml)
  'ECONNABORTED',
]);

/**
 * SQLSTATEs of a server that is down, starting, shutting down or out of connections, or of a
 * wait that timed out (pg-pool.ts's limits): the request never got its answer, through no fault
 * of its own. Class 08 is "connection exception".
 */
const SERVER = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);

/** node-postgres's own messages for a connection that failed or ended under a query. */
const DRIVER =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/;

/** Whether `error` says the database could not be reached (or answer), rather than a bug. */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // A missing file is ENOENT too (a blob that is gone, pg-blobs.ts): only a connect's counts.
  if (code === 'ENOENT') return (error as { syscall?: unknown }).syscall === 'connect';
  if (typeof code === 'string' && (NETWORK.has(code) || SERVER.has(code) || code.startsWith('08')))
    return true;
  return DRIVER.test(error.message);
}

/** What the client is told: the request may or may not have taken effect (pg-store.ts). */
const unavailable = () =>
  new ChatError(ErrorCode.unavailable, 'The database cannot be reached just now; try again.');

/**
 * `methods` with each one's failure to reach the database turned into the `unavailable` error
 * (HTTP 503, or an ack's code), so that a database restart is a clean refusal that clients
 * retry, never an `internal_error` logged as a bug. Other errors pass through unchanged.
 */
export function reportingUnavailable<T extends object>(
  methods: T,
  onUnavailable: (method: string, cause: Error) => void = () => {},
): T {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(methods)) {
    guarded[key] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              if (!isUnreachable(error)) throw error;
              // The client is told only to retry: the cause is the operator's to see.
              onUnavailable(key, error as Error);
              throw unavailable();
            }
          }
        : value;
  }
  return guarded as T;
}

/** A statement or lock wait cut off by its time limit: the database answers, but too slowly. */
export const isTimeLimit = (error: Error) =>
  ['57014', '55P03'].includes(String((error as { code?: unknown }).code));
