import { ChatError } from '../errors.js';
import { ErrorCode, THUMB_SIZE, type ImageInfo } from '../protocol.js';
import { loadSharp } from './sharp-lib.js';

/** Raster formats shown inline, by the MIME type file-type reports, and how they are re-encoded. */
const FORMATS = {
  'image/png': 'png',
  // An animated PNG: sharp reads its first frame only, so it is kept as a still PNG.
  'image/apng': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;
type Format = (typeof FORMATS)[keyof typeof FORMATS];

/** The types served inline; everything else is only ever a download. */
export const INLINE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

/**
 * Pixels an image may have, frames of an animation together. The header's dimensions are
 * checked before anything is decoded, so a small file that claims to be 100,000 × 100,000 (a
 * decompression bomb) costs nothing.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** The raster format of a sniffed MIME type, or undefined when it is not an inline image. */
export function imageFormat(mime: string | undefined): Format | undefined {
  return mime !== undefined && Object.hasOwn(FORMATS, mime)
    ? FORMATS[mime as keyof typeof FORMATS]
    : undefined;
}

/** The MIME type a stored image is served with (the format it was re-encoded in). */
export const IMAGE_TYPES: Record<Format, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/**
 * Re-encodes an uploaded image from `input` into `output`, in the same format: EXIF orientation
 * applied, and every piece of metadata (EXIF with GPS, XMP, IPTC, comments) dropped, since sharp
 * keeps none unless asked. Animated GIF and WebP keep their frames. Then writes the thumbnail
 * (first frame, at most THUMB_SIZE on the longer side, WebP) to `thumb`. All of it runs on
 * libuv's pool, off the event loop. Refuses more than `maxPixels` with `too_large`, and anything
 * libvips cannot decode with `invalid_payload`.
 */
export async function processImage(
  input: string,
  format: Format,
  output: string,
  thumb: string,
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<ImageInfo> {
  const animated = format === 'gif' || format === 'webp';
  const options = { limitInputPixels: maxPixels, autoOrient: true, animated };
  const sharp = await loadSharp();
  try {
    const image = sharp(input, options);
    const encoded =
      format === 'jpeg'
        ? image.jpeg({ quality: 90 })
        : format === 'webp'
          ? image.webp({ quality: 90 })
          : format === 'gif'
            ? image.gif()
            : image.png();
    const info = await encoded.toFile(output);
    const frames = info.pages ?? 1;
    await sharp(output, { limitInputPixels: maxPixels, pages: 1 })
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(thumb);
    return { width: info.width, height: info.pageHeight ?? info.height, animated: frames > 1 };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message))
      throw new ChatError(ErrorCode.tooLarge, 'The image has too many pixels.');
    throw new ChatError(ErrorCode.invalidPayload, 'The image could not be read.');
  }
}
