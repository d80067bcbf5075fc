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
 * Streams a request body into a new temp file in `tempDir` while hashing it (SHA-256), never
 * holding more than a chunk in memory. Past `limit` bytes the body is cut off: the request is
 * unpiped (never read further), the temp file deleted, and `too_large` thrown. A body cut short
 * by the client deletes the temp file too. `why` names the limit in the error.
 */
export async function receiveBody(
  req: IncomingMessage,
  tempDir: string,
  limit: number,
  why: string,
): Promise<ReceivedBody> {
  const path = tempPath(tempDir);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(tooLarge(limit, why));
      hash.update(chunk);
      done(null, chunk);
    },
  });
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
    req.off('close', cutShort);
    req.off('error', cutShort);
  }
  return { path, sha256: hash.digest('hex'), size };
}
