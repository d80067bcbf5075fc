import type { PickerEmoji } from '../lib/emoji-data';

/** Emojis per grid row; the styles size the picker for it. */
export const COLUMNS = 8;

/** Indexes 0..count-1 in rows of `size`. */
export function chunk(count: number, size = COLUMNS): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < count; start += size)
    rows.push(Array.from({ length: Math.min(size, count - start) }, (_, i) => start + i));
  return rows;
}

/** One titled part of the emoji picker ("Recently used", a category, search results). */
export interface EmojiSectionProps {
  /** Unique in the document: the title's id, which names the grid. */
  titleId: string;
  title: string;
  emojis: readonly PickerEmoji[];
  /** The picker-wide number of this section's first cell (cells are numbered across sections). */
  first: number;
  /** The picker-wide number of the one cell that is in the tab order. */
  active: number;
  onFocusCell(index: number): void;
  onPick(emoji: string): void;
}

/**
 * A section as an ARIA grid: rows of gridcells, each holding a button named by the emoji's
 * label ("thumbs up"). The picker moves focus between cells (roving tabindex); this only draws.
 */
export function EmojiSection(props: EmojiSectionProps) {
  return (
    <div className="emoji-section">
      <div className="emoji-section-title" id={props.titleId}>
        {props.title}
      </div>
      <div role="grid" aria-labelledby={props.titleId}>
        {chunk(props.emojis.length).map((row) => (
          <div role="row" key={row[0]} className="emoji-row">
            {row.map((at) => {
              const item = props.emojis[at] as PickerEmoji;
              const index = props.first + at;
              const shortcode = item.shortcodes[0];
              return (
                <div role="gridcell" key={at}>
                  <button
                    type="button"
                    className="emoji-cell"
                    data-cell={index}
                    tabIndex={index === props.active ? 0 : -1}
                    aria-label={item.label}
                    title={shortcode ? `${item.label} :${shortcode}:` : item.label}
                    onFocus={() => props.onFocusCell(index)}
                    onClick={() => props.onPick(item.emoji)}
                  >
                    {item.emoji}
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
