import { isSingleEmoji } from '../../../server/shared/emoji';

/**
 * The emojis this person picked last, most recent first, kept in localStorage so the picker
 * offers them first on every visit. Small and not lazy: reactions remember what was used even
 * before the picker (and its data) was ever loaded.
 */

/** The localStorage key. */
export const RECENT_EMOJI_KEY = 'parley.emoji.recent';
/** How many are kept: three rows of the picker. */
export const MAX_RECENT_EMOJIS = 24;

/** localStorage, or undefined where there is none (or where reading it throws: some browsers'
 * private modes, storage turned off). */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The recent emojis, most recent first. What is stored is not trusted (another version or a
 * hand edit may have put anything there): only single emojis come back. */
export function recentEmojis(): string[] {
  let stored: unknown;
  try {
    stored = JSON.parse(storage()?.getItem(RECENT_EMOJI_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  const emojis = stored.filter((item): item is string => typeof item === 'string');
  return [...new Set(emojis.filter(isSingleEmoji))].slice(0, MAX_RECENT_EMOJIS);
}

/** Puts `emoji` first in the recent emojis (moving it if it was there) and returns the list.
 * Not an emoji: nothing is stored. A full or unavailable storage only loses the list. */
export function rememberEmoji(emoji: string): string[] {
  const recent = recentEmojis();
  if (!isSingleEmoji(emoji)) return recent;
  const next = [emoji, ...recent.filter((known) => known !== emoji)].slice(0, MAX_RECENT_EMOJIS);
  try {
    storage()?.setItem(RECENT_EMOJI_KEY, JSON.stringify(next));
  } catch {
    // Quota exceeded or storage disabled: the picker then starts without recents.
  }
  return next;
}
