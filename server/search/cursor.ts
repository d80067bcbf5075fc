import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SearchCursor } from './paging.js';

/** Bytes of HMAC-SHA256 a cursor keeps: 128 bits, so that a cursor stays under 120 characters. */
const SIGNATURE_BYTES = 16;
/** The position in a cursor: offset, maxId, minId and now, in decimal. */
const POSITION = /^\d{1,15}(?:\.\d{1,15}){3}$/;

/**
 * Signs and reads search cursors (`nextCursor`): opaque base64url of a signature and the
 * position `offset.maxId.minId.now`. A cursor steers the store's scan (which ids it reads, and
 * whether it is the batch's first page), so one the server did not make must never be read: a
 * forged `minId` or `maxId` could otherwise send a scan over rows no first page ever bounded.
 * The signature binds the position to the user and the parsed query, so neither another user's
 * cursor nor one of another query passes. The key is derived from the server's JWT secret with
 * its own label (HKDF), as file URLs' is (files/file-urls.ts), so that no signature of one kind
 * passes as another's.
 */
export class CursorSigner {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    this.key = Buffer.from(hkdfSync('sha256', ikm, 'parley', 'parley search cursors v1', 32));
  }

  private sign(userId: number, queryKey: string, position: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`${userId}\n${queryKey}\n${position}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }

  /** The cursor of `cursor` for this user and query (`queryKey`: the parsed query, as JSON). */
  encode(userId: number, queryKey: string, cursor: SearchCursor): string {
    const { offset, maxId, minId, now } = cursor;
    const position = `${offset}.${maxId}.${minId}.${now}`;
    const signature = this.sign(userId, queryKey, position);
    return Buffer.concat([signature, Buffer.from(position, 'latin1')]).toString('base64url');
  }

  /**
   * The position a cursor names, or undefined when it is malformed, tampered with, or was made
   * for another user or another query.
   */
  decode(userId: number, queryKey: string, cursor: string): SearchCursor | undefined {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length <= SIGNATURE_BYTES) return undefined;
    const position = bytes.subarray(SIGNATURE_BYTES).toString('latin1');
    const expected = this.sign(userId, queryKey, position);
    if (!timingSafeEqual(bytes.subarray(0, SIGNATURE_BYTES), expected)) return undefined;
    if (!POSITION.test(position)) return undefined;
    const [offset = 0, maxId = 0, minId = 0, now = 0] = position.split('.').map(Number);
    return { offset, maxId, minId, now };
  }
}
