/**
 * The character rule for names people choose and other people read (display names, room names,
 * the server's name), in one place: the server refuses by it, and the desktop app and the web
 * client show names by it (server/shared/ imports nothing, so both may import it).
 */

/**
 * Characters no name may hold:
 * - `Cc` controls, `Cf` format characters (bidi overrides and isolates such as U+202E, zero-width
 *   space and joiners, the BOM, tag characters), `Co` private use, `Cn` unassigned;
 * - `Zl`/`Zp` line and paragraph separators;
 * - every `Default_Ignorable_Code_Point`: invisible characters that are not `Cf`, such as the
 *   Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the combining grapheme joiner U+034F, the
 *   Mongolian vowel separator U+180E and the variation selectors (but see {@link EMOJI_VS});
 * - blank symbols that render as nothing: U+2800 braille pattern blank, U+1D159 null notehead.
 *
 * Zero-width joiners are refused even inside emoji sequences (👩‍💻 is then two emoji): the
 * issue asks for all of `Cf` to go, and a joiner cannot be told from one hiding in a name.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/u;
/** Text or emoji presentation selectors right after an emoji (❤️) are part of that emoji. */
const EMOJI_VS = /(\p{Emoji})[\uFE0E\uFE0F]/gu;
/** A lone surrogate: the string is not well-formed Unicode (`String#isWellFormed` is false). */
const LONE_SURROGATE = /\p{Cs}/u;
/** Spaces other than U+0020 (no-break, em, ideographic…): they make two names look alike. */
const ODD_SPACE = /[^\P{Zs} ]/u;

/** Why a (trimmed) name is refused, as a zod-style message; undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (LONE_SURROGATE.test(name)) return 'must be well-formed Unicode';
  if (INVISIBLE.test(name.replace(EMOJI_VS, '$1')))
    return 'must not contain invisible, formatting or control characters';
  if (ODD_SPACE.test(name)) return 'must use ordinary spaces only';
  // A leading mark would combine with whatever the UI shows before the name.
  if (/^\p{M}/u.test(name)) return 'must not start with a combining mark';
  return undefined;
}

/** What `nameProblem` refuses, as found in text that was not checked (a name from an old or a
 * hostile server): emoji presentation selectors are kept with their emoji. */
const HIDDEN =
  /(\p{Emoji}[\uFE0E\uFE0F])|[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/gu;

/** A name with invisible, formatting and control characters taken out, and trimmed. */
export function visibleName(name: string): string {
  return name.replace(HIDDEN, (_hidden, emoji: string | undefined) => emoji ?? '').trim();
}

/** Default-ignorable and format characters, dropped from keys (rows stored before the rule). */
const IGNORABLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
/** Case folding (full: ß and ẞ fold to ss), then canonical decomposition as TR39 wants. */
const fold = (s: string) => s.toUpperCase().toLowerCase().normalize('NFD');
/** NFKC (fullwidth and styled letters become plain), ignorables dropped, one space per run. */
const plain = (s: string) =>
  s.normalize('NFKC').replace(IGNORABLE, '').replace(/\s+/gu, ' ').trim().normalize('NFD');

/** Two keys of a name; two names look alike when either key is equal (see server/names.ts). */
export interface LookAlikeKeys {
  folded: string;
  shape: string;
}

/**
 * The look-alike keys of a name, given the TR39 confusable skeleton function (`unhomoglyph`;
 * passed in, since this folder imports nothing and the web client loads that table late).
 * - `folded`: the skeleton of the case-folded name, so case never matters.
 * - `shape`: the skeleton of the name as written, folded after: capital I looks like small l,
 *   which folding first would turn into an i.
 */
export function lookAlikeKeys(name: string, confusables: (text: string) => string): LookAlikeKeys {
  const skeleton = (s: string) => confusables(s).normalize('NFD');
  const text = plain(name);
  return {
    folded: fold(skeleton(fold(text))).normalize('NFC'),
    shape: fold(skeleton(text)).normalize('NFC'),
  };
}
