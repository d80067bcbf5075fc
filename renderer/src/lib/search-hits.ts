import type { SearchHit } from '../../../server/protocol';

/** The hits of one room, in the order the server ranked them. */
export interface RoomHits {
  roomId: number;
  hits: SearchHit[];
}

/**
 * Hits grouped by room, as Slack lists them: the rooms in the order of their best hit, each
 * with its hits in rank order.
 */
export function groupByRoom(hits: SearchHit[]): RoomHits[] {
  const groups = new Map<number, SearchHit[]>();
  for (const hit of hits) {
    const group = groups.get(hit.message.roomId);
    if (group) group.push(hit);
    else groups.set(hit.message.roomId, [hit]);
  }
  return [...groups].map(([roomId, list]) => ({ roomId, hits: list }));
}

/** A piece of a message's text, marked when it matched the query. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/**
 * The text cut into plain and matched pieces by `[start, end)` ranges (UTF-16 code units). Ranges
 * out of order, overlapping or outside the text are tolerated: the text is shown as it is, never
 * as HTML, so a bad range can at worst mark the wrong letters.
 */
export function highlightParts(text: string, ranges: Array<[number, number]>): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (const [rawStart, rawEnd] of sorted) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.max(start, Math.min(rawEnd, text.length));
    if (end === start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/**
 * At most `max` characters of a long text, starting a little before the first match so that
 * it shows, with "…" where text was left out; the ranges move with it.
 */
export function excerpt(
  text: string,
  ranges: Array<[number, number]>,
  max = 300,
): { text: string; ranges: Array<[number, number]> } {
  if (text.length <= max) return { text, ranges };
  const first = Math.min(...ranges.map((r) => r[0]), text.length);
  let from = first < max / 2 ? 0 : first - 40;
  // Never in the middle of a surrogate pair.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(from))) from--;
  let to = Math.min(text.length, from + max);
  if (to < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(to))) to++;
  const lead = from > 0 ? '…' : '';
  const shift = lead.length - from;
  return {
    text: lead + text.slice(from, to) + (to < text.length ? '…' : ''),
    ranges: ranges
      .filter(([start, end]) => end > from && start < to)
      .map(([start, end]): [number, number] => [
        Math.max(start, from) + shift,
        Math.min(end, to) + shift,
      ]),
  };
}
