import { join } from 'node:path';

/**
 * Characters no file name gets: Windows' reserved ones (path separators included) and controls.
 * Each becomes `_`, so the name keeps its length and stays readable.
 */
const UNSAFE = /[<>:"/\\|?*\p{Cc}\p{Zl}\p{Zp}]/gu;
/**
 * Invisible format characters: bidi controls (with U+202E, "gnp.exe" shows as "exe.png") and
 * zero-width ones. They are dropped, so the name the person sees is the name on disk.
 */
const INVISIBLE = /\p{Cf}/gu;
/** Windows device names, which stay devices whatever extension follows them. */
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Room for " (999)" within the 255 bytes most file systems allow. */
const MAX_BYTES = 200;
const MAX_EXTENSION = 16;
const FALLBACK = 'download';

/** The longest start of `text` that fits in `bytes` bytes of UTF-8, never cutting a character. */
function clip(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

/** "report.final.pdf" → ["report.final", ".pdf"]; a name without a (short) extension keeps none. */
function splitExtension(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > MAX_EXTENSION) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/**
 * A file name that is safe to save under, from the one a server suggests: its last path segment
 * only (so no traversal), without invisible characters, reserved characters replaced, no leading
 * dots (no hidden or `..` files), no trailing dots or spaces (Windows drops them), no device
 * names, and short enough for any file system. Never empty.
 */
export function safeFileName(suggested: string): string {
  const last = suggested.slice(0, 1000).split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (DEVICE.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_BYTES) {
    const [stem, extension] = splitExtension(name);
    name = clip(stem, MAX_BYTES - Buffer.byteLength(extension)).trimEnd() + extension;
  }
  return name === '' ? FALLBACK : name;
}

/**
 * The first free path for `name` in `dir`: `name`, then "name (1).ext", "name (2).ext"… as
 * browsers number them. `taken` says whether a path exists or is reserved by another download.
 */
export function uniquePath(dir: string, name: string, taken: (path: string) => boolean): string {
  const [stem, extension] = splitExtension(name);
  for (let n = 0; n < 1000; n++) {
    const path = join(dir, n === 0 ? name : `${stem} (${n})${extension}`);
    if (!taken(path)) return path;
  }
  // A thousand copies already: the time keeps it apart without another thousand checks.
  return join(dir, `${stem} (${Date.now()})${extension}`);
}
