// A sibling in server/shared/, which the rule's `!./*` means to allow; its gitignore-style
// match does not see `./` paths, so it is switched off for this line.
// eslint-disable-next-line no-restricted-imports
import { splitCode } from './code-spans.js';

/**
 * What counts as an emoji, and `:shortcode:` replacement, for the server (reactions, sending)
 * and the web client (picker, composer) alike. No data here: the shortcode table comes from
 * emojibase-data, read by server/emoji-shortcodes.ts and loaded lazily by the web client.
 */

/** Longer than any RGI emoji (the longest, families with skin tones, are about 35 units): a
 * cap, so that a hostile 10 KB "emoji" costs nothing to refuse. */
const MAX_EMOJI_LENGTH = 64;
/** Exactly one RGI emoji. The `v` flag is given at run time: TypeScript accepts it only from
 * target ES2024, while Node 20 and Chromium run it. Made on first use, not on import: V8 takes
 * a few hundred milliseconds to compile this set of some 3,800 sequences. */
let oneEmoji: RegExp | undefined;
const isOneEmoji = (text: string) => (oneEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v')).test(text);
const VS16 = '\uFE0F';

/**
 * Whether `text` is exactly one emoji of Unicode's recommended (RGI) set, such as 👍, 👍🏽,
 * 👨‍👩‍👧, 🇬🇧, 1️⃣ or ❤️, with nothing else: no spaces, no second emoji, no stray joiners.
 */
export function isSingleEmoji(text: string): boolean {
  return text.length > 0 && text.length <= MAX_EMOJI_LENGTH && isOneEmoji(text);
}

/**
 * One emoji in its RGI spelling, or undefined when `text` is not one emoji. Keyboards and data
 * sets differ in variation selectors (👍 with U+FE0F, ❤ without): these are taken out or put
 * in, so that one emoji has one spelling (a reaction is counted once, not per spelling).
 */
export function singleEmoji(text: string): string | undefined {
  if (text.length === 0 || text.length > MAX_EMOJI_LENGTH) return undefined;
  if (isOneEmoji(text)) return text;
  const bare = text.replaceAll(VS16, '');
  const first = String.fromCodePoint(bare.codePointAt(0) ?? 0);
  const qualified = first + VS16 + bare.slice(first.length);
  return [bare, qualified].find(isOneEmoji);
}

/** An emoji as emojibase-data describes it (en/compact.json), skin tones nested. */
export interface EmojibaseEmoji {
  hexcode: string;
  unicode: string;
  label: string;
  group?: number;
  order?: number;
  tags?: string[];
  skins?: EmojibaseEmoji[];
}

/** One of emojibase-data's shortcode sets (en/shortcodes/*.json): hexcode → name(s). */
export type ShortcodeSet = Readonly<Record<string, string | readonly string[]>>;

/** The RGI spelling of an emojibase entry (its `unicode` carries U+FE0F where RGI has none, as
 * in 👍), or undefined for what is not an emoji on its own (a lone regional indicator). */
export function emojibaseEmoji(entry: Pick<EmojibaseEmoji, 'unicode'>): string | undefined {
  return singleEmoji(entry.unicode);
}

/**
 * The table name → emoji from emojibase data: for a name in several sets the first set wins
 * (give Slack's, iamcal, first). Only emojis that {@link isSingleEmoji} accepts are in it.
 */
export function buildShortcodeTable(
  emojis: readonly EmojibaseEmoji[],
  sets: readonly ShortcodeSet[],
): Map<string, string> {
  const byHex = new Map<string, string>();
  for (const entry of emojis.flatMap((emoji) => [emoji, ...(emoji.skins ?? [])])) {
    const emoji = emojibaseEmoji(entry);
    if (emoji) byHex.set(entry.hexcode, emoji);
  }
  const table = new Map<string, string>();
  for (const set of sets)
    for (const [hexcode, names] of Object.entries(set)) {
      const emoji = byHex.get(hexcode);
      if (!emoji) continue;
      for (const name of typeof names === 'string' ? [names] : names)
        if (!table.has(name)) table.set(name, emoji);
    }
  return table;
}

/**
 * A URL (left alone whole: `http://a:b:c@x` holds no shortcodes), or a run of shortcodes such
 * as `:tada:` or Slack's `:+1::skin-tone-3:`. A run needs a boundary before it (the start, a
 * space, punctuation or a symbol, not `:`) and no letter or digit after it: `10:30:00` stays.
 */
// A scheme starts where no scheme character is before it: with `\b` every `.` restarted the
// match, and `a.a.a.…:` cost the square of its length.
const URL_OR_SHORTCODES =
  /(?<![a-z\d+.-])[a-z][a-z\d+.-]*:\/\/\S*|\bwww\.\S*|(?<![\p{L}\p{N}\p{M}_:])(?::[a-z\d_+-]+:)+(?![\p{L}\p{N}_])/giu;
const SHORTCODE = /:([^:]+):/g;

/**
 * `text` with each known `:name:` shortcode replaced by its emoji. Unknown names stay as
 * typed, and so does everything in inline code, fenced code blocks and URLs.
 */
export function replaceShortcodes(
  text: string,
  table: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string {
  if (!text.includes(':')) return text;
  const lookup = (name: string): string | undefined =>
    table instanceof Map
      ? table.get(name)
      : Object.hasOwn(table, name)
        ? (table as Record<string, string>)[name]
        : undefined;
  const replaceRun = (run: string) =>
    run.startsWith(':')
      ? run.replace(SHORTCODE, (code, name: string) => lookup(name.toLowerCase()) ?? code)
      : run; // a URL
  return splitCode(text)
    .map((part) => (part.code ? part.text : part.text.replace(URL_OR_SHORTCODES, replaceRun)))
    .join('');
}
