import {
  emojibaseEmoji,
  type EmojibaseEmoji,
  type ShortcodeSet,
} from '../../../server/shared/emoji';

/**
 * The emoji picker's data, from emojibase-data: about 90 KB gzipped with the shortcode names,
 * so it is fetched with dynamic imports when a picker first opens, never with the first load.
 */

/** An emoji the picker offers. */
export interface PickerEmoji {
  /** The emoji in its RGI spelling: what the server accepts as a reaction. */
  emoji: string;
  /** Its name, such as "thumbs up": the button's accessible name. */
  label: string;
  /** Slack's and GitHub's names for it, such as `+1` and `thumbsup`. */
  shortcodes: readonly string[];
  /** Lower-case label, tags and shortcodes: what a search matches. */
  terms: readonly string[];
}

/** One of the picker's categories, in Unicode's order. */
export interface EmojiCategory {
  id: string;
  name: string;
  emojis: readonly PickerEmoji[];
}

export interface EmojiData {
  categories: readonly EmojiCategory[];
  /** Every offered emoji and its skin tones, for naming recent emojis. */
  byEmoji: ReadonlyMap<string, PickerEmoji>;
}

/** emojibase's groups, less 2 (hair and skin-tone components, not emojis on their own). */
const CATEGORIES: ReadonlyArray<readonly [group: number, id: string, name: string]> = [
  [0, 'smileys-emotion', 'Smileys & emotion'],
  [1, 'people-body', 'People & body'],
  [3, 'animals-nature', 'Animals & nature'],
  [4, 'food-drink', 'Food & drink'],
  [5, 'travel-places', 'Travel & places'],
  [6, 'activities', 'Activities'],
  [7, 'objects', 'Objects'],
  [8, 'symbols', 'Symbols'],
  [9, 'flags', 'Flags'],
];

/** An emojibase entry as the picker shows it; undefined when it is not one RGI emoji (so the
 * picker offers nothing the server would refuse). */
function pickerEmoji(entry: EmojibaseEmoji, names: Map<string, string[]>): PickerEmoji | undefined {
  const emoji = emojibaseEmoji(entry);
  if (!emoji) return undefined;
  const shortcodes = names.get(entry.hexcode) ?? [];
  const terms = [entry.label, ...(entry.tags ?? []), ...shortcodes].map((t) => t.toLowerCase());
  return { emoji, label: entry.label, shortcodes, terms };
}

function buildEmojiData(emojis: readonly EmojibaseEmoji[], sets: readonly ShortcodeSet[]) {
  const names = new Map<string, string[]>();
  for (const set of sets)
    for (const [hexcode, codes] of Object.entries(set)) {
      const known = names.get(hexcode) ?? [];
      names.set(hexcode, [
        ...new Set([...known, ...(typeof codes === 'string' ? [codes] : codes)]),
      ]);
    }
  const byEmoji = new Map<string, PickerEmoji>();
  const sorted = [...emojis].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const categories = CATEGORIES.map(([group, id, name]) => {
    const offered: PickerEmoji[] = [];
    for (const entry of sorted.filter((candidate) => candidate.group === group)) {
      const item = pickerEmoji(entry, names);
      if (!item) continue;
      offered.push(item);
      byEmoji.set(item.emoji, item);
      for (const skin of entry.skins ?? []) {
        const toned = pickerEmoji(skin, names);
        if (toned) byEmoji.set(toned.emoji, toned);
      }
    }
    return { id, name, emojis: offered };
  });
  return { categories, byEmoji };
}

let loading: Promise<EmojiData> | undefined;

/** The picker's data, fetched once; after a failure (offline) the next call tries again. */
export function loadEmojiData(): Promise<EmojiData> {
  loading ??= Promise.all([
    import('emojibase-data/en/compact.json'),
    import('emojibase-data/en/shortcodes/iamcal.json'),
    import('emojibase-data/en/shortcodes/github.json'),
  ]).then(
    ([emojis, iamcal, github]) =>
      buildEmojiData(emojis.default as EmojibaseEmoji[], [
        iamcal.default as ShortcodeSet,
        github.default as ShortcodeSet,
      ]),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** How well `term` matches `query`: 0 exactly, 1 at its start, 2 at a word's start, 3 inside,
 * 4 not at all. */
function matchRank(term: string, query: string): number {
  if (term === query) return 0;
  if (term.startsWith(query)) return 1;
  const at = term.indexOf(query);
  if (at < 0) return 4;
  return /[\s_:-]/.test(term[at - 1] ?? '') ? 2 : 3;
}

/**
 * The emojis matching a search, best first (then in Unicode's order), at most `limit`. The
 * query matches names, tags and shortcodes; `:name` (or `:name:`) matches shortcodes only.
 */
export function searchEmojis(data: EmojiData, query: string, limit = 200): PickerEmoji[] {
  const wanted = query.trim().toLowerCase();
  const byShortcode = wanted.startsWith(':');
  const text = byShortcode ? wanted.replace(/^:|:$/g, '') : wanted;
  if (!text) return [];
  const found: Array<{ item: PickerEmoji; rank: number }> = [];
  for (const category of data.categories)
    for (const item of category.emojis) {
      const terms = byShortcode ? item.shortcodes : item.terms;
      const rank = Math.min(4, ...terms.map((term) => matchRank(term, text)));
      if (rank < 4) found.push({ item, rank });
    }
  return found
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map(({ item }) => item);
}
