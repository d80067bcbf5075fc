import type { IncomingMessage } from 'node:http';
import { UPLOAD_LIMITS } from './upload-limits.js';

/** The most of a refused body that is read (and thrown away) so that the answer gets through. */
export const DISCARD_MAX_BYTES = 1024 * 1024;

/**
 * Reads and throws away the rest of a refused request's body, if it is at most `max` bytes
 * (declared, or seen so far when it has no Content-Length). A client still sending when the
 * server closes the connection gets a TCP reset, which browsers report as a network error
 * instead of the answer (401, 413, 429); a small body read to its end avoids that, and keeps the
 * connection. Resolves true when the whole body was read; false when it is larger, sends nothing
 * for `idleMs`, is not over within `totalMs`, or the client went away: then the answer should
 * close the connection. The total limit matters: a refused client (no token at all) must not
 * hold a connection for ever by sending a byte now and then.
 */
export function discardBody(
  req: IncomingMessage,
  max = DISCARD_MAX_BYTES,
  idleMs = UPLOAD_LIMITS.idleMs,
  totalMs = UPLOAD_LIMITS.discardMs,
): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  // Gone already (its 'close' was before our listener), or too large to wait for.
  if (req.destroyed || Number(req.headers['content-length']) > max) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (whole: boolean) => {
      clearTimeout(idle);
      clearTimeout(total);
      req.off('data', onData).off('end', onEnd).off('close', onGone).off('error', onGone);
      if (!whole) req.pause();
      resolve(whole);
    };
    const idle = setTimeout(() => finish(false), idleMs);
    const total = setTimeout(() => finish(false), totalMs);
    const onData = (chunk: Buffer) => {
      idle.refresh();
      seen += chunk.length;
      if (seen > max) finish(false);
    };
    const onEnd = () => finish(true);
    const onGone = () => finish(false);
    req.on('data', onData).once('end', onEnd).once('close', onGone).once('error', onGone);
    req.resume();
  });
}
