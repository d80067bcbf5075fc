import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { loadEmojiData, searchEmojis, type EmojiData, type PickerEmoji } from '../lib/emoji-data';
import { recentEmojis, rememberEmoji } from '../lib/emoji-recent';
import { moveInGrid } from './emoji-grid-keys';
import { chunk, EmojiSection } from './emoji-section';

/** What the picker needs from its opener. */
export interface EmojiPickerProps {
  /** Called with the emoji (RGI spelling) picked by click, Enter or Space. */
  onPick(emoji: string): void;
  /** Escape: the opener closes the picker and puts focus back. */
  onClose(): void;
}

interface Section {
  id: string;
  title: string;
  emojis: readonly PickerEmoji[];
}

/** Recent emojis first, then one category, or the search results: at most a few hundred
 * buttons at once (the largest category, people, has about 390), so opening stays fast. */
function visibleSections(data: EmojiData, recent: string[], query: string, category: string) {
  if (query.trim())
    return [{ id: 'results', title: 'Search results', emojis: searchEmojis(data, query) }];
  const sections: Section[] = [];
  const known = recent.map(
    (emoji) => data.byEmoji.get(emoji) ?? { emoji, label: emoji, shortcodes: [], terms: [] },
  );
  if (known.length) sections.push({ id: 'recent', title: 'Recently used', emojis: known });
  const shown = data.categories.find((c) => c.id === category) ?? data.categories[0];
  if (shown) sections.push({ id: shown.id, title: shown.name, emojis: shown.emojis });
  return sections;
}

/**
 * The emoji picker: a search box ("Search emoji"), category buttons and the emojis as ARIA
 * grids (one per section) with one roving tab stop. Arrow keys, Home and End move through all
 * sections as one grid; Enter or Space picks; Escape closes. Loaded with `React.lazy`, and its
 * data by dynamic import, so neither counts against the first load.
 */
export default function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const [data, setData] = useState<EmojiData>();
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('smileys-emotion');
  const [recent] = useState(recentEmojis);
  const [active, setActive] = useState(0);
  const idPrefix = useId();
  const searchBox = useRef<HTMLInputElement>(null);
  const cellsBox = useRef<HTMLDivElement>(null);

  useEffect(() => searchBox.current?.focus(), []);
  useEffect(() => {
    let open = true;
    loadEmojiData().then(
      (loaded) => open && setData(loaded),
      () => open && setFailed(true),
    );
    return () => void (open = false);
  }, []);

  const sections = useMemo(
    () => (data ? visibleSections(data, recent, query, category) : []),
    [data, recent, query, category],
  );
  // Each section's first cell number: the cells of all sections are numbered in one run.
  const starts = sections.map((_, i) =>
    sections.slice(0, i).reduce((sum, section) => sum + section.emojis.length, 0),
  );
  const rows = sections.flatMap((section, i) =>
    chunk(section.emojis.length).map((row) => row.map((at) => (starts[i] ?? 0) + at)),
  );
  const cells = sections.flatMap((section) => section.emojis);
  const current = Math.max(0, Math.min(active, cells.length - 1));
  const searching = query.trim() !== '';
  const status = !data
    ? failed
      ? 'Emoji could not be loaded.'
      : 'Loading emoji…'
    : searching
      ? `${cells.length || 'No'} emoji found`
      : '';

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
  };
  const focusCell = (index: number) => {
    setActive(index);
    cellsBox.current?.querySelector<HTMLElement>(`[data-cell="${index}"]`)?.focus();
  };
  const onGridKey = (event: KeyboardEvent) => {
    const next = moveInGrid(rows, current, event.key, event.ctrlKey);
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) searchBox.current?.focus();
    else focusCell(next);
  };
  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && cells.length) {
      event.preventDefault();
      focusCell(current);
    } else if (event.key === 'Enter' && searching && cells[0]) {
      event.preventDefault();
      pick(cells[0].emoji);
    }
  };

  return (
    <div
      className="emoji-picker"
      role="group"
      aria-label="Emoji picker"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault(); // also keeps an enclosing <dialog> from closing itself
        event.stopPropagation();
        onClose();
      }}
    >
      <input
        ref={searchBox}
        type="search"
        className="emoji-search"
        aria-label="Search emoji"
        placeholder="Search emoji"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
      />
      <div className="emoji-categories" role="group" aria-label="Categories">
        {data?.categories.map((c) => (
          <button
            key={c.id}
            type="button"
            aria-label={c.name}
            title={c.name}
            aria-pressed={!searching && c.id === category}
            onClick={() => {
              setCategory(c.id);
              setQuery('');
              setActive(0);
            }}
          >
            <span aria-hidden="true">{c.emojis[0]?.emoji}</span>
          </button>
        ))}
      </div>
      {/* Always there, so that screen readers announce what changes in it. */}
      <p className="emoji-status" role="status">
        {status}
      </p>
      <div className="emoji-sections" ref={cellsBox} onKeyDown={onGridKey}>
        {sections.map((section, i) => (
          <EmojiSection
            key={section.id}
            titleId={`${idPrefix}-${section.id}`}
            title={section.title}
            emojis={section.emojis}
            first={starts[i] ?? 0}
            active={current}
            onFocusCell={setActive}
            onPick={pick}
          />
        ))}
      </div>
    </div>
  );
}
