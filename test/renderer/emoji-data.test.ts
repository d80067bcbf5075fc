import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEmojiData, searchEmojis } from '../../renderer/src/lib/emoji-data.js';
import {
  MAX_RECENT_EMOJIS,
  RECENT_EMOJI_KEY,
  recentEmojis,
  rememberEmoji,
} from '../../renderer/src/lib/emoji-recent.js';
import { moveInGrid } from '../../renderer/src/ui/emoji-grid-keys.js';
import { isSingleEmoji } from '../../server/shared/emoji.js';

describe('the emoji picker data', () => {
  it('loads the categories, and offers only what the server accepts as one emoji', async () => {
    const data = await loadEmojiData();
    expect(data.categories.map((category) => category.name)).toContain('Smileys & emotion');
    const offered = data.categories.flatMap((category) => category.emojis);
    expect(offered.length).toBeGreaterThan(1800);
    expect(offered.filter((item) => !isSingleEmoji(item.emoji))).toEqual([]);
    expect(new Set(offered.map((item) => item.emoji)).size).toBe(offered.length);
    // The hair and skin-tone components are not offered on their own.
    expect(offered.some((item) => item.label === 'light skin tone')).toBe(false);
    // Skin tones are known by name (a recent 👍🏽 is labelled), though not in the grid.
    expect(data.byEmoji.get('👍🏽')?.label).toBe('thumbs up: medium skin tone');
    expect(await loadEmojiData()).toBe(data); // fetched once
  });

  it('searches names, tags and shortcodes, best matches first', async () => {
    const data = await loadEmojiData();
    const emojis = (query: string) => searchEmojis(data, query).map((item) => item.emoji);
    expect(emojis('thumbs')).toEqual(expect.arrayContaining(['👍', '👎']));
    expect(emojis('thumbs up')[0]).toBe('👍');
    expect(emojis(':+1')[0]).toBe('👍');
    expect(emojis(':tada:')[0]).toBe('🎉');
    expect(emojis('  PARTY ')).toContain('🎉'); // a tag, in any case
    expect(emojis('flag-gb')[0]).toBe('🇬🇧');
    expect(emojis('zzzzqqq')).toEqual([]);
    expect(emojis('')).toEqual([]);
    expect(emojis('a').length).toBe(200); // capped
    const thumbs = searchEmojis(data, 'thumbs').find((item) => item.emoji === '👍');
    expect(thumbs?.label).toBe('thumbs up');
    expect(thumbs?.shortcodes).toEqual(expect.arrayContaining(['+1', 'thumbsup']));
  });
});

describe('recent emojis', () => {
  // The browser's localStorage, which Node does not have: a plain in-memory stand-in.
  let stored: Map<string, string>;
  beforeEach(() => {
    stored = new Map();
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, String(value)),
    };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('keeps the most recent first, once each, at most 24', () => {
    expect(recentEmojis()).toEqual([]);
    rememberEmoji('👍');
    rememberEmoji('🎉');
    expect(rememberEmoji('👍')).toEqual(['👍', '🎉']);
    expect(recentEmojis()).toEqual(['👍', '🎉']);
    expect(JSON.parse(stored.get(RECENT_EMOJI_KEY) ?? '')).toEqual(['👍', '🎉']);
    const many = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂🤗🤩🤔🫡🤨😐'];
    for (const emoji of many) rememberEmoji(emoji);
    expect(recentEmojis()).toHaveLength(MAX_RECENT_EMOJIS);
    expect(recentEmojis()).toEqual(many.reverse().slice(0, MAX_RECENT_EMOJIS));
  });

  it('stores no text that is not one emoji, and trusts nothing it reads back', () => {
    expect(rememberEmoji('hello')).toEqual([]);
    expect(stored.has(RECENT_EMOJI_KEY)).toBe(false);
    stored.set(RECENT_EMOJI_KEY, JSON.stringify(['👍', 'x', 7, '👍', '<b>', '🎉']));
    expect(recentEmojis()).toEqual(['👍', '🎉']);
    stored.set(RECENT_EMOJI_KEY, '{not json');
    expect(recentEmojis()).toEqual([]);
    stored.set(RECENT_EMOJI_KEY, '{"a":1}');
    expect(recentEmojis()).toEqual([]);
  });

  it('works, without recents, where there is no storage', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    expect(rememberEmoji('👍')).toEqual(['👍']);
    expect(recentEmojis()).toEqual([]);
  });
});

describe('arrow keys in the emoji grid', () => {
  // Two sections: 3 recent emojis (one short row), then a category of 10 in rows of 8.
  const rows = [
    [0, 1, 2],
    [3, 4, 5, 6, 7, 8, 9, 10],
    [11, 12],
  ];
  it('moves by cell and by row, keeping the column where the row is long enough', () => {
    expect(moveInGrid(rows, 0, 'ArrowRight')).toBe(1);
    expect(moveInGrid(rows, 2, 'ArrowRight')).toBe(3); // on into the next section
    expect(moveInGrid(rows, 12, 'ArrowRight')).toBe(12);
    expect(moveInGrid(rows, 3, 'ArrowLeft')).toBe(2);
    expect(moveInGrid(rows, 0, 'ArrowLeft')).toBe(0);
    expect(moveInGrid(rows, 1, 'ArrowDown')).toBe(4);
    expect(moveInGrid(rows, 9, 'ArrowDown')).toBe(12); // the shorter row's last cell
    expect(moveInGrid(rows, 12, 'ArrowDown')).toBe(12);
    expect(moveInGrid(rows, 9, 'ArrowUp')).toBe(2);
    expect(moveInGrid(rows, 1, 'ArrowUp')).toBe(-1); // up to the search box
    expect(moveInGrid(rows, 5, 'Home')).toBe(3);
    expect(moveInGrid(rows, 5, 'End')).toBe(10);
    expect(moveInGrid(rows, 5, 'Home', true)).toBe(0);
    expect(moveInGrid(rows, 5, 'End', true)).toBe(12);
    expect(moveInGrid(rows, 5, 'a')).toBeUndefined();
    expect(moveInGrid([], 0, 'ArrowDown')).toBeUndefined();
  });
});
