import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  buildShortcodeTable,
  replaceShortcodes,
  type EmojibaseEmoji,
  type ShortcodeSet,
} from './shared/emoji.js';

/**
 * The server's `:shortcode:` table, from the emojibase-data package. Read on first use, not at
 * start: it is about 250 KB of JSON that a server whose people never type a shortcode never
 * needs. Resolved through Node's module resolution, so the bundled CLI in dist/server, the
 * compiled modules in dist/node and the desktop app's packaged server all find the package
 * wherever it was installed.
 */

/** The shortcode sets, in order of precedence: Slack's names first, then GitHub's, then
 * emojibase's own (which name every emoji, skin tones included). */
const SETS = ['iamcal', 'github', 'emojibase'] as const;

const require = createRequire(import.meta.url);
const readData = (path: string): unknown =>
  JSON.parse(readFileSync(require.resolve(`emojibase-data/en/${path}`), 'utf8'));

let table: ReadonlyMap<string, string> | undefined;

/** Shortcode name (without colons, e.g. `+1`, `tada`, `flag-gb`) → emoji; loaded once. */
export function shortcodeTable(): ReadonlyMap<string, string> {
  table ??= buildShortcodeTable(
    readData('compact.json') as EmojibaseEmoji[],
    SETS.map((set) => readData(`shortcodes/${set}.json`) as ShortcodeSet),
  );
  return table;
}

/** `text` with known shortcodes replaced by their emoji, outside code and URLs (what a sent
 * message is stored as). Text without a colon does not load the table. */
export function emojify(text: string): string {
  return text.includes(':') ? replaceShortcodes(text, shortcodeTable()) : text;
}
