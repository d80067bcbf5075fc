import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';

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

/**
 * An upload that sends nothing for this long is given up. Uploads have no total time limit (a
 * 25 MB file on a slow line takes minutes; see body-deadline.ts): this is what stops a client
 * from holding a connection and a temp file by trickling nothing.
 */
export const UPLOAD_IDLE_MS = 30_000;

/**
 * Streams a request body into a new temp file in `tempDir` while hashing it (SHA-256), never
 * holding more than a chunk in memory. Past `limit` bytes the body is cut off: the request is
 * unpiped (never read further), the temp file deleted, and `too_large` thrown. A body cut short
 * by the client, or that sends nothing for `idleMs`, deletes the temp file too
 * (`invalid_payload`). `why` names the limit in the error.
 */
export async function receiveBody(
  req: IncomingMessage,
  tempDir: string,
  limit: number,
  why: string,
  idleMs = UPLOAD_IDLE_MS,
): Promise<ReceivedBody> {
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
  const idle = setTimeout(() => {
    const message = `The upload stalled: nothing arrived for ${idleMs / 1000} s.`;
    meter.destroy(new ChatError(ErrorCode.invalidPayload, message));
  }, idleMs);
  // Not pipeline(req, …): that would destroy the request, and with it the socket that the
  // 413 answer must still go out on. The request is only unpiped (Readable#pipe does that when
  // its destination fails), and the response closes the connection.
  const cutShort = () => {
    if (!req.complete)
      meter.destroy(new ChatError(ErrorCode.invalidPayload, 'The upload was cut short.'));
  };
  req.once('close', cutShort);
  req.once('error', cutShort);
  req.pipe(meter);
  try {
    await pipeline(meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    req.unpipe(meter);
    await rm(path, { force: true });
    throw error; // a ChatError, or the disk's own (internal_error)
  } finally {
    clearTimeout(idle);
    req.off('close', cutShort);
    req.off('error', cutShort);
  }
  return { path, sha256: hash.digest('hex'), size };
}

/** The most of a refused body that is read (and thrown away) so that the answer gets through. */
export const DISCARD_MAX_BYTES = 1024 * 1024;

/**
 * Reads and throws away the rest of a refused request's body, if it is at most `max` bytes
 * (declared, or seen so far when it has no Content-Length). A client still sending when the
 * server closes the connection gets a TCP reset, which browsers report as a network error
 * instead of the answer (401, 413, 429); a small body read to its end avoids that, and keeps the
 * connection. Resolves true when the whole body was read; false when it is larger, sends nothing
 * for `idleMs`, or the client went away: then the answer should close the connection.
 */
export function discardBody(
  req: IncomingMessage,
  max = DISCARD_MAX_BYTES,
  idleMs = UPLOAD_IDLE_MS,
): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  if (Number(req.headers['content-length']) > max) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (whole: boolean) => {
      clearTimeout(idle);
      req.off('data', onData).off('end', onEnd).off('close', onGone).off('error', onGone);
      if (!whole) req.pause();
      resolve(whole);
    };
    const idle = setTimeout(() => finish(false), idleMs);
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
