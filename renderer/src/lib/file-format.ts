import type { Message } from '../../../server/protocol';
const UNITS = ['KB', 'MB', 'GB'];

/** A size people read: "512 bytes", "1.4 MB", "25 MB" (1 KB = 1024 bytes, as file managers say). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // One decimal below 10 ("1.4 MB"), none above ("25 MB"), and never "25.0".
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${UNITS[unit]}`;
}

/** The kind of file a card's icon shows, from its sniffed MIME type. */
export type FileKind = 'image' | 'pdf' | 'text' | 'archive' | 'audio' | 'video' | 'other';

export function fileKind(type: string): FileKind {
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (/zip|x-tar|gzip|x-7z|x-rar|x-bzip2|x-xz/.test(type)) return 'archive';
  return 'other';
}

/** The box an inline image preview takes: at most this wide and high. */
export const PREVIEW_BOX = { width: 360, height: 300 };
/** Thinner than this, a preview would be too small to see or click. */
const MIN_SIDE = 24;

/**
 * The size of an image's preview, known before it loads (from the server's ImageInfo), so that
 * the list reserves it and nothing jumps: scaled down to fit PREVIEW_BOX, never up.
 */
export function previewBox(image: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const scale = Math.min(1, PREVIEW_BOX.width / image.width, PREVIEW_BOX.height / image.height);
  return {
    width: Math.max(MIN_SIDE, Math.round(image.width * scale)),
    height: Math.max(MIN_SIDE, Math.round(image.height * scale)),
  };
}

/**
 * What a notification or a screen reader says of a message: its text, or for files alone their
 * names ("sent photo.jpg and 2 more files"), so that nothing is announced as an empty line.
 */
export function messageGist(message: Pick<Message, 'text' | 'attachments'>, max: number): string {
  const files = message.attachments ?? [];
  const first = files[0];
  if (message.text !== '' || !first) return message.text.slice(0, max);
  const more = files.length - 1;
  const rest = more === 0 ? '' : more === 1 ? ' and 1 more file' : ` and ${more} more files`;
  return `sent ${first.name}${rest}`.slice(0, max);
}
