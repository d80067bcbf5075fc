import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { ChatError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ErrorCode } from '../protocol.js';
import type { FileRecordStore } from '../storage/file-records.js';
import { contentDisposition } from './file-names.js';
import type { FileStore } from './file-store.js';
import type { FileUrlSigner } from './file-urls.js';
import { INLINE_TYPES } from './images.js';

/**
 * Nothing in a served file may run or be read across sites: no sniffing a type of its own, no
 * script or subresource even when opened as a page (`sandbox` gives it an opaque origin), and
 * no embedding by other sites' pages.
 */
const SAFE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const notFound = () => new ChatError(ErrorCode.notFound, 'No such file.');

/**
 * `GET /files/:id` (and `/files/:id/thumb` with `thumb`): the bytes of a file for a signed URL
 * (file-urls.ts). The signature and expiry are checked first (403 `forbidden`), then whether
 * the URL's user may read the file now (404 `not_found`: a removed member, a deleted message).
 * Only PNG, JPEG, GIF and WebP are ever inline, with their sniffed type; everything else (SVG,
 * HTML and text included) is `application/octet-stream` with `Content-Disposition: attachment`,
 * as is everything with `dl=1`.
 */
export function downloadRoute(
  store: FileRecordStore,
  blobs: FileStore,
  signer: FileUrlSigner,
  logger: Logger,
  thumb: boolean,
) {
  return async (req: Request, res: Response): Promise<void> => {
    const fileId = String(req.params.id);
    const now = Date.now();
    const { userId, expiresAt } = signer.verify(fileId, req.query, now);
    const [file] = await store.readableFiles(userId, [fileId]);
    const sha = thumb ? file?.thumbSha256 : file?.sha256;
    if (!file || !sha) throw notFound();
    let blob: Awaited<ReturnType<FileStore['createReadStream']>>;
    try {
      blob = await blobs.createReadStream(sha);
    } catch (error) {
      // The database that holds the blobs is unreachable (pg-blobs.ts): `unavailable`, not 404.
      if (error instanceof ChatError) throw error;
      logger.warn(`files: blob of ${fileId} is missing`, error);
      throw notFound();
    }
    const inline = INLINE_TYPES.has(file.type) && req.query.dl !== '1';
    res.set({
      ...SAFE_HEADERS,
      'Content-Type': thumb ? 'image/webp' : inline ? file.type : 'application/octet-stream',
      'Content-Length': String(blob.size),
      'Content-Disposition': contentDisposition(
        thumb || inline ? 'inline' : 'attachment',
        file.name,
      ),
      // Cached no longer than the URL works; private: never by a shared proxy.
      'Cache-Control': `private, max-age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`,
    });
    if (req.method === 'HEAD') {
      blob.stream.destroy();
      res.end();
      return;
    }
    // A client that goes away ends the pipeline with an error: nothing to answer, nothing to log.
    await pipeline(blob.stream, res).catch(() => undefined);
  };
}
