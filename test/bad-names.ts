/** Names for the tests of the name rule (server/names.ts and its copies in renderer/ and main/). */

/** One name of each kind the rule refuses, with why. */
export const BAD_NAMES: ReadonlyArray<[string, string]> = [
  ['right-to-left override U+202E', 'Ali\u202Eecila'],
  ['bidi isolate U+2067', '\u2067Alice'],
  ['right-to-left mark U+200F', 'Alice\u200F'],
  ['zero-width space U+200B', 'Al\u200Bice'],
  ['zero-width joiner U+200D', 'Al\u200Dice'],
  ['zero-width joiner inside an emoji sequence', '👩\u200D💻 Alice'],
  ['byte order mark U+FEFF', 'Al\uFEFFice'],
  ['soft hyphen U+00AD', 'Al\u00ADice'],
  ['tag character U+E0041', 'Alice\u{E0041}'],
  ['Hangul filler U+3164', '\u3164'],
  ['Hangul choseong filler U+115F', 'Alice\u115F'],
  ['halfwidth Hangul filler U+FFA0', 'Alice\uFFA0'],
  ['combining grapheme joiner U+034F', 'Al\u034Fice'],
  ['Mongolian vowel separator U+180E', 'Al\u180Eice'],
  ['variation selector outside emoji', 'Alice\uFE0F'],
  ['braille blank U+2800', 'Alice \u2800'],
  ['line separator U+2028', 'Alice\u2028Bob'],
  ['private use U+E000', 'Alice\uE000'],
  ['a control character', 'Alice\u0007'],
  ['a lone surrogate (not well-formed)', 'Alice\uD800'],
  ['a no-break space', 'Alice\u00A0Smith'],
  ['a leading combining mark', '\u0301Alice'],
];

/** Names the rule lets through: accents, scripts, emoji, fullwidth letters. */
export const GOOD_NAMES = ['Zoë ❤️', 'محمد', '山田 太郎', 'Ｆｕｌｌ', 'O’Brien-Smith', '1️⃣ Alice'];
