/**
 * `npm run bench -- --compare OLD.json [--against NEW.json]`: the figures two result files share,
 * old median against new, and which moved beyond their spreads. Pure functions over the parsed
 * `results` objects; run.ts reads the files.
 */

/** One figure: a Spread (median, min, max over runs or rounds), or a single number. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  /** False for a bare number: it has no spread to judge a change by. */
  spread: boolean;
}

export interface Change {
  path: string;
  old: Figure;
  new: Figure;
  /** new median / old median. */
  ratio: number;
  /**
   * 'up' or 'down' when the two ranges (min–max) do not overlap and the medians differ by at
   * least MIN_CHANGE: the change is larger than the noise either run saw; 'within' otherwise;
   * 'unknown' for bare numbers.
   */
  verdict: 'up' | 'down' | 'within' | 'unknown';
}

const isNumber = (value: unknown): value is number => typeof value === 'number';

function asFigure(value: unknown): Figure | undefined {
  if (isNumber(value)) return { median: value, min: value, max: value, spread: false };
  if (typeof value !== 'object' || value === null) return undefined;
  const { median, min, max } = value as Record<string, unknown>;
  if (isNumber(median) && isNumber(min) && isNumber(max)) return { median, min, max, spread: true };
  return undefined;
}

/**
 * Every figure in `results`, by its path ("connect › results › parley › serverCpuUsPerConnection").
 * Arrays and `perRound` (raw rounds, already summarized beside them) are left out.
 */
export function figures(results: unknown, path: string[] = []): Map<string, Figure> {
  const out = new Map<string, Figure>();
  const figure = asFigure(results);
  if (figure) {
    out.set(path.join(' › '), figure);
    return out;
  }
  if (typeof results !== 'object' || results === null || Array.isArray(results)) return out;
  for (const [key, inner] of Object.entries(results)) {
    if (key === 'perRound') continue;
    for (const [p, f] of figures(inner, [...path, key])) out.set(p, f);
  }
  return out;
}

/**
 * A change smaller than this is never flagged: one-run figures have no range at all, and a 1 %
 * move is below anything this machine can resolve.
 */
export const MIN_CHANGE = 0.03;

/** The figures present in both, in the new file's order. */
export function compare(oldResults: unknown, newResults: unknown): Change[] {
  const before = figures(oldResults);
  const changes: Change[] = [];
  for (const [path, now] of figures(newResults)) {
    const old = before.get(path);
    if (!old) continue;
    const verdict =
      !old.spread || !now.spread
        ? 'unknown'
        : Math.abs(now.median / old.median - 1) < MIN_CHANGE
          ? 'within'
          : now.min > old.max
            ? 'up'
            : now.max < old.min
              ? 'down'
              : 'within';
    changes.push({ path, old, new: now, ratio: now.median / old.median, verdict });
  }
  return changes;
}

const fmt = (value: number) =>
  Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : String(value);

/** One line per change (path, ×new/old, old → new), flagged when it lies beyond both runs' spreads, and a count at the end. */
export function formatChanges(changes: Change[]): string[] {
  const lines = changes.map((c) => {
    const flag =
      c.verdict === 'up' || c.verdict === 'down' ? `  <<< ${c.verdict}, beyond the spreads` : '';
    const range = (f: Figure) => (f.spread ? ` (${fmt(f.min)}–${fmt(f.max)})` : '');
    return `${c.path.padEnd(64)} ×${fmt(c.ratio).padEnd(6)} ${fmt(c.old.median)}${range(c.old)} → ${fmt(c.new.median)}${range(c.new)}${flag}`;
  });
  const moved = changes.filter((c) => c.verdict === 'up' || c.verdict === 'down').length;
  return [...lines, `${changes.length} figures in both; ${moved} moved beyond their spreads`];
}
