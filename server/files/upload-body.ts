import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { UPLOAD_LIMITS, type UploadLimits } from './upload-limits.js';

/** An upload's bytes, on disk in the temp folder. */
export interface ReceivedBody {
  path: string;
  sha256: string;
  size: number;
}

/** A fresh temp file name (mode 0600 when created); nothing a client chose goes into it. */
export function tempPath(tempDir: string, suffix = '.part'): string {
  return join(tempDir, randomBytes(12).toString('hex') + suffix);
}

/** The `too_large` answer for a body over `limit`, with what the limit was. */
export function tooLarge(limit: number, why: string): ChatError {
  return new ChatError(ErrorCode.tooLarge, `${why}: at most ${limit} bytes.`);
}

/** The limits of {@link receiveBody}: see {@link UploadLimits}. */
export type BodyPace = Pick<UploadLimits, 'paceGraceMs' | 'paceWindowMs' | 'minBytesPerSecond'>;

/**
 * Streams a request body into a new temp file in `tempDir` while hashing it (SHA-256), never
 * holding more than a chunk in memory. Past `limit` bytes the body is cut off: the request is
 * unpiped (never read further), the temp file deleted, and `too_large` thrown. A body cut short
 * by the client, that sends nothing for `idleMs`, or that after `pace.paceGraceMs` arrives
 * slower than `pace.minBytesPerSecond` over a window of `pace.paceWindowMs`, deletes the temp
 * file too (`invalid_payload`). `why` names the limit in the error.
 */
export async function receiveBody(
  req: IncomingMessage,
  tempDir: string,
  limit: number,
  why: string,
  idleMs = UPLOAD_LIMITS.idleMs,
  pace: BodyPace = UPLOAD_LIMITS,
): Promise<ReceivedBody> {
  // Its connection closed while the caller was checking the quota: 'close' was before our
  // listener, and a destroyed stream sends nothing more, not even an end.
  if (req.destroyed) throw cutShort();
  const path = tempPath(tempDir);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      idle.refresh();
      size += chunk.length;
      if (size > limit) return done(tooLarge(limit, why));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const fail = (message: string) => meter.destroy(new ChatError(ErrorCode.invalidPayload, message));
  const idle = setTimeout(
    () => fail(`The upload stalled: nothing arrived for ${idleMs / 1000} s.`),
    idleMs,
  );
  // An idle timer alone lets a byte every few seconds hold the socket and the temp file for
  // ever: after the grace, each window must bring its share of bytes.
  let windowStart = 0;
  let window: NodeJS.Timeout | undefined;
  const grace = setTimeout(() => {
    windowStart = size;
    window = setInterval(() => {
      const speed = ((size - windowStart) * 1000) / pace.paceWindowMs;
      if (speed < pace.minBytesPerSecond)
        fail(`The upload is too slow: under ${pace.minBytesPerSecond} bytes per second.`);
      windowStart = size;
    }, pace.paceWindowMs);
  }, pace.paceGraceMs);
  // Not pipeline(req, …): that would destroy the request, and with it the socket that the
  // 413 answer must still go out on. The request is only unpiped (Readable#pipe does that when
  // its destination fails), and the response closes the connection.
  const onGone = () => {
    if (!req.complete) meter.destroy(cutShort());
  };
  req.once('close', onGone);
  req.once('error', onGone);
  req.pipe(meter);
  try {
    await pipeline(meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    req.unpipe(meter);
    await rm(path, { force: true });
    throw error; // a ChatError, or the disk's own (internal_error)
  } finally {
    clearTimeout(idle);
    clearTimeout(grace);
    clearInterval(window);
    req.off('close', onGone);
    req.off('error', onGone);
  }
  return { path, sha256: hash.digest('hex'), size };
}

const cutShort = () => new ChatError(ErrorCode.invalidPayload, 'The upload was cut short.');
