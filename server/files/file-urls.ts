import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ChatError } from '../errors.js';
import { ErrorCode, type FileUrls } from '../protocol.js';

/** How long a signed file URL works. Clients ask again (`file:urls`) before it ends. */
export const FILE_URL_TTL_MS = 5 * 60_000;
/** File ids: 16 random bytes as base64url. */
export const FILE_ID = /^[A-Za-z0-9_-]{22}$/;
/** A signature: HMAC-SHA256 as base64url. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** The query of a signed file URL, as Express parsed it (anything at all). */
export type SignedQuery = Record<string, unknown>;

/**
 * Signs and checks file URLs: `/files/<id>?u=<userId>&e=<expiry ms>&s=<signature>`. Browsers
 * cannot put a bearer token on `<img src>`, and tokens never go in URLs; a signed URL names
 * one file, one user and an expiry a few minutes away. The key is derived from the server's
 * JWT secret with its own label (HKDF), so a file signature can never pass as a token's or
 * the reverse. The signature gives no access by itself: the download re-checks at request time
 * that the user may read the file.
 */
export class FileUrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string | Buffer,
    private readonly ttlMs = FILE_URL_TTL_MS,
  ) {
    const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    this.key = Buffer.from(hkdfSync('sha256', ikm, 'parley', 'parley file urls v1', 32));
  }

  private sign(fileId: string, userId: number, expiresAt: number): string {
    return createHmac('sha256', this.key)
      .update(`${fileId}\n${userId}\n${expiresAt}`)
      .digest('base64url');
  }

  /** The signed URLs of one file for one user, valid `ttlMs` from `now`. */
  urls(fileId: string, userId: number, hasThumb: boolean, now = Date.now()): FileUrls {
    const expiresAt = now + this.ttlMs;
    const query = `u=${userId}&e=${expiresAt}&s=${this.sign(fileId, userId, expiresAt)}`;
    const urls: FileUrls = {
      fileId,
      url: `/files/${fileId}?${query}`,
      downloadUrl: `/files/${fileId}?${query}&dl=1`,
      expiresAt,
    };
    if (hasThumb) urls.thumbUrl = `/files/${fileId}/thumb?${query}`;
    return urls;
  }

  /**
   * The user a URL was signed for, and when it expires. Throws `forbidden` for a bad or
   * tampered signature (another user's id, another file, a later expiry) and for an expired URL.
   */
  verify(
    fileId: string,
    query: SignedQuery,
    now = Date.now(),
  ): { userId: number; expiresAt: number } {
    const { u, e, s } = query;
    const userId = typeof u === 'string' && /^[1-9]\d{0,15}$/.test(u) ? Number(u) : NaN;
    const expiresAt = typeof e === 'string' && /^\d{1,16}$/.test(e) ? Number(e) : NaN;
    if (
      !FILE_ID.test(fileId) ||
      !Number.isSafeInteger(userId) ||
      !Number.isSafeInteger(expiresAt) ||
      typeof s !== 'string' ||
      !SIGNATURE.test(s) ||
      !timingSafeEqual(Buffer.from(s), Buffer.from(this.sign(fileId, userId, expiresAt)))
    )
      throw new ChatError(ErrorCode.forbidden, 'This file link is not valid.');
    if (now >= expiresAt)
      throw new ChatError(ErrorCode.forbidden, 'This file link has expired; ask for a new one.');
    return { userId, expiresAt };
  }
}
