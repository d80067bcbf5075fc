import { pino, stdSerializers, type DestinationStream } from 'pino';
import type { Logger } from '../logger.js';

/** The levels `--log-level` takes, most detailed first; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose values are secrets or user data, wherever they appear in a logged object (top level
 * and two levels down). Nothing logs request bodies or headers today; this is the second line.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-file-name',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'currentPassword',
  'newPassword',
  'setupCode',
  'invite',
  'jwtSecret',
];
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]),
  // `code` (setup and reset codes) only where a request's data would put it: `err.code` stays,
  // it says which system call or library failed.
  'code',
  '*.body.code',
  'body.code',
  'query.code',
];

/**
 * The details a call gave, as fields of the JSON line: an Error becomes `err` (message and
 * stack), a plain object is merged in, anything else goes under `details`.
 */
function fields(details: unknown[]): Record<string, unknown> | undefined {
  if (details.length === 0) return undefined;
  const [only] = details;
  if (details.length === 1 && only instanceof Error) return { err: only };
  if (details.length === 1 && typeof only === 'object' && only !== null && !Array.isArray(only))
    return only as Record<string, unknown>;
  return { details: details.map((d) => (d instanceof Error ? stdSerializers.err(d) : d)) };
}

/**
 * A {@link Logger} writing one JSON object per line through pino, at `level` and above, to
 * `destination` (default: stdout). Values under secret keys are replaced by "[redacted]"
 * (a top-level `code` would be too, so error codes go in `errorCode`).
 */
export function createPinoLogger(
  level: LogLevel = 'info',
  destination?: DestinationStream,
): Logger {
  const base = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: stdSerializers.err },
    },
    destination,
  );
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, ...details: unknown[]) => {
      const extra = fields(details);
      if (extra) base[method](extra, message);
      else base[method](message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Parses `--log-level`. */
export function logLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new Error(`--log-level: one of ${LOG_LEVELS.join(', ')}: ${value}`);
  return value as LogLevel;
}
