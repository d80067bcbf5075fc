/**
 * Names that come from outside (a server's name in an invite) and text the OS shows for us
 * (notifications). main/ may not import the server, so the rule of server/names.ts is repeated
 * here; test/main/names.test.ts checks that the two agree on every code point.
 */

/** Controls, format (bidi, zero-width), private-use, unassigned and invisible characters. */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/u;
/** Text or emoji presentation selectors right after an emoji (❤️) are part of that emoji. */
const EMOJI_VS = /(\p{Emoji})[\uFE0E\uFE0F]/gu;
const LONE_SURROGATE = /\p{Cs}/u;
const ODD_SPACE = /[^\P{Zs} ]/u;

/** Why a (trimmed) name is refused, in the words of server/names.ts; undefined when fine. */
export function nameProblem(name: string): string | undefined {
  if (LONE_SURROGATE.test(name)) return 'must be well-formed Unicode';
  if (INVISIBLE.test(name.replace(EMOJI_VS, '$1')))
    return 'must not contain invisible, formatting or control characters';
  if (ODD_SPACE.test(name)) return 'must use ordinary spaces only';
  if (/^\p{M}/u.test(name)) return 'must not start with a combining mark';
  return undefined;
}

/** Characters that reorder text or hide in it; never shown by the OS on our behalf. */
const HIDDEN =
  /(\p{Emoji}[\uFE0E\uFE0F])|[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/gu;
/** Bidi controls: taken out of message text, where other format characters (joiners) are emoji. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A name as the OS may show it: invisible, bidi and control characters taken out. */
export function visibleName(name: string): string {
  return name.replace(HIDDEN, (_hidden, emoji: string | undefined) => emoji ?? '').trim();
}

/** Message text as the OS may show it: without bidi controls, so nothing reorders it. */
export function visibleText(text: string): string {
  return text.replace(BIDI, '');
}
