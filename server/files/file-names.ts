import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';

/** The longest `X-File-Name` header taken, before decoding (200 characters, each up to 12). */
const MAX_HEADER_CHARS = 2400;
/** The longest stored name, in code points. */
const MAX_NAME_CHARS = 200;
/**
 * What a name loses: controls, format characters (bidi overrides that make `exe.txt` look like
 * `txt.exe`, zero-width characters), line separators, private use and unassigned characters.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/**
 * The file name of an upload, from its percent-encoded `X-File-Name` header: decoded as UTF-8,
 * the last path segment only, hidden characters dropped, spaces collapsed, NFC, at most 200
 * characters (the extension kept when cut). Refused (`invalid_payload`) when missing, not
 * percent-encoded UTF-8, or empty once cleaned.
 */
export function uploadName(header: string | undefined): string {
  if (header === undefined || header === '')
    throw new ChatError(
      ErrorCode.invalidPayload,
      'X-File-Name: send the file name, percent-encoded.',
    );
  if (header.length > MAX_HEADER_CHARS)
    throw new ChatError(ErrorCode.invalidPayload, 'X-File-Name: too long.');
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    throw new ChatError(
      ErrorCode.invalidPayload,
      'X-File-Name: must be percent-encoded UTF-8 (encodeURIComponent).',
    );
  }
  const base = decoded.split(/[/\\]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(HIDDEN, '').replace(/\s+/gu, ' ').trim();
  if (clean === '' || clean === '.' || clean === '..')
    throw new ChatError(ErrorCode.invalidPayload, 'X-File-Name: the name is empty.');
  return shorten(clean);
}

/** Cuts a name to MAX_NAME_CHARS code points, keeping a short extension. */
function shorten(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_NAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : [];
  return chars.slice(0, MAX_NAME_CHARS - extension.length).join('') + extension.join('');
}

/** RFC 5987 percent-encoding: encodeURIComponent leaves `'()*`, which attr-char excludes. */
const encodeExtended = (text: string) =>
  encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * A `Content-Disposition` header (RFC 6266) for a stored name: an ASCII `filename` for old
 * clients (anything else, quotes and backslashes as `_`) and the exact name in `filename*`.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeExtended(name)}`;
}
