import type { FileUrls } from '../../../server/protocol';
import type { FileUrlCache } from './file-urls';

/** Which of a file's signed URLs to use: the file itself, or its thumbnail (images only). */
export type FileVariant = 'url' | 'thumbUrl' | 'downloadUrl';

/** A signed URL (relative to the server, as `file:urls` gives them) made absolute. */
export function absoluteUrl(serverUrl: string, relative: string): string {
  return new URL(relative, serverUrl).href;
}

/** The URL of a variant, the full file where a thumbnail is missing. */
export function variantOf(urls: FileUrls, variant: FileVariant): string {
  return urls[variant] ?? urls.url;
}

/** Answers that mean the signed URL no longer works (expired, or access ended meanwhile). */
const REFUSED = new Set([401, 403, 404, 410]);

/**
 * Fetches a file through its signed URL into memory and gives an object URL of it (`blob:`),
 * which the page's CSP allows for images while it allows no other origin. The caller revokes it
 * (URL.revokeObjectURL) once it is no longer shown. Resolves null when the file is unavailable
 * to this user; a refused URL is asked for again once first, in case it had expired early.
 */
export async function fetchObjectUrl(
  cache: FileUrlCache,
  serverUrl: string,
  fileId: string,
  variant: FileVariant,
  signal?: AbortSignal,
): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    const urls = await cache.get(fileId);
    if (!urls) return null;
    const response = await fetch(absoluteUrl(serverUrl, variantOf(urls, variant)), {
      credentials: 'omit',
      signal,
    });
    if (response.ok) return URL.createObjectURL(await response.blob());
    if (!REFUSED.has(response.status)) throw new Error(`The server answered ${response.status}.`);
    cache.forget(fileId);
    if (attempt > 0) return null;
  }
}
