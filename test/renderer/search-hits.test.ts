import { describe, expect, it } from 'vitest';
import type { Message, SearchHit } from '../../server/protocol.js';
import { excerpt, groupByRoom, highlightParts } from '../../renderer/src/lib/search-hits.js';

const hit = (id: number, roomId: number): SearchHit => ({
  message: {
    id,
    roomId,
    author: { id: 1, username: 'sam', displayName: 'Sam' },
    text: `m${id}`,
    clientId: `c${id}`,
    createdAt: 0,
    seq: 0,
  } as Message,
  highlights: [],
});

describe('search hits', () => {
  it('groups hits by room in the order of each room best hit, ranks kept', () => {
    const groups = groupByRoom([hit(5, 2), hit(9, 1), hit(3, 2), hit(7, 3), hit(1, 1)]);
    expect(groups.map((g) => [g.roomId, g.hits.map((h) => h.message.id)])).toEqual([
      [2, [5, 3]],
      [1, [9, 1]],
      [3, [7]],
    ]);
  });

  it('cuts the text into plain and marked parts, as text (markup stays text)', () => {
    expect(highlightParts('<b>deploy</b> now', [[3, 9]])).toEqual([
      { text: '<b>', mark: false },
      { text: 'deploy', mark: true },
      { text: '</b> now', mark: false },
    ]);
    // Out of order, overlapping and out of range: still every letter once, in order.
    const parts = highlightParts('abcdef', [
      [4, 99],
      [0, 2],
      [1, 3],
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('abcdef');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['ab', 'c', 'ef']);
    expect(highlightParts('abc', [])).toEqual([{ text: 'abc', mark: false }]);
  });

  it('shows a long text from a little before its first match, the ranges moved along', () => {
    const text = `${'x'.repeat(500)}needle${'y'.repeat(500)}`;
    const cut = excerpt(text, [[500, 506]], 100);
    expect(cut.text.startsWith('…')).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    const [range] = cut.ranges;
    if (!range) throw new Error('range dropped');
    expect(cut.text.slice(range[0], range[1])).toBe('needle');
    // A short text is left whole.
    expect(excerpt('short needle', [[6, 12]])).toEqual({ text: 'short needle', ranges: [[6, 12]] });
  });
});
