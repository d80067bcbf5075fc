import { ChatError } from '../errors.js';
import { loadSharp } from '../files/sharp-lib.js';
import { AVATAR_SIZE, ErrorCode, type ImageInfo } from '../protocol.js';

/**
 * Makes an avatar from an uploaded image at `input` (PNG, JPEG, GIF or WebP, sniffed by the
 * caller) into `output`: the first frame only, the EXIF orientation applied, the centred square
 * cropped out (`cover`) and resized to AVATAR_SIZE, as WebP. sharp keeps no metadata unless
 * asked, so EXIF (GPS included), XMP, IPTC and ICC comments are all gone. The header's size is
 * checked against `maxPixels` before anything is decoded (`too_large`); what libvips cannot
 * decode is `invalid_payload`. Runs in the image worker (see image-worker.ts), whose CPU
 * priority is the lowest.
 */
export async function processAvatar(
  input: string,
  output: string,
  maxPixels: number,
): Promise<ImageInfo> {
  const sharp = await loadSharp();
  try {
    await sharp(input, { limitInputPixels: maxPixels, autoOrient: true, pages: 1 })
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: 85 })
      .toFile(output);
    return { width: AVATAR_SIZE, height: AVATAR_SIZE, animated: false };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message))
      throw new ChatError(ErrorCode.tooLarge, 'The image has too many pixels.');
    throw new ChatError(ErrorCode.invalidPayload, 'The image could not be read.');
  }
}
