import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../server/protocol.js';
import {
  applyCompletion,
  completeAt,
  dayString,
  type CompletionSources,
} from '../../renderer/src/lib/search-complete.js';
import { inPhrase, queryFilters, withoutFilter } from '../../renderer/src/lib/search-query.js';

const person = (id: number, username: string, displayName = ''): UserRef => ({
  id,
  username,
  displayName,
});
const sources: CompletionSources = {
  people: [person(1, 'sam', 'Sam Lee'), person(2, 'alice', 'Alice'), person(3, 'bob', 'Bobby Sam')],
  rooms: ['general', 'design', 'random'],
  today: new Date(2026, 11, 2),
};
/** The completions offered with the caret at the end of `text`. */
const offered = (text: string) =>
  completeAt(text, text.length, sources)?.options.map((o) => o.insert);

describe('search completions', () => {
  it('completes the filter keywords from their first letters, without taking Enter', () => {
    expect(offered('fr')).toEqual(['from:@']);
    expect(offered('hello b')).toEqual(['before:']);
    expect(completeAt('in', 2, sources)?.autoSelect).toBe(false);
    expect(offered('hello')).toBeUndefined();
    expect(offered('')).toBeUndefined();
  });

  it('completes from:@ with people by username, then by a word of the display name', () => {
    expect(offered('from:@')).toEqual(['from:@sam', 'from:@alice', 'from:@bob']);
    expect(offered('from:@sa')).toEqual(['from:@sam', 'from:@bob']);
    expect(offered('from:al')).toEqual(['from:@alice']);
    expect(completeAt('from:@a', 7, sources)?.autoSelect).toBe(true);
    // Typed in full: nothing left to complete, so Enter searches.
    expect(offered('from:@alice')).toBeUndefined();
    // The same person seen twice is offered once.
    const twice = { ...sources, people: [person(1, 'sam'), person(1, 'sam')] };
    expect(completeAt('from:@', 6, twice)?.options).toHaveLength(1);
  });

  it('completes in:# with room names, and has: with file and link', () => {
    expect(offered('in:#')).toEqual(['in:#general', 'in:#design', 'in:#random']);
    expect(offered('x in:#de')).toEqual(['in:#design']);
    expect(offered('in:ran')).toEqual(['in:#random']);
    expect(offered('has:')).toEqual(['has:file', 'has:link']);
    expect(offered('has:l')).toEqual(['has:link']);
  });

  it('offers days in the YYYY-MM-DD format for before: and after:, as hints', () => {
    expect(offered('before:')).toEqual([
      'before:2026-12-02',
      'before:2026-12-01',
      'before:2026-11-25',
      'before:2026-11-02',
    ]);
    expect(completeAt('after:', 6, sources)?.autoSelect).toBe(false);
    expect(offered('after:2026-11')).toEqual(['after:2026-11-25', 'after:2026-11-02']);
    expect(offered('after:2026-11-30')).toBeUndefined();
    expect(dayString(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('offers nothing inside a phrase being typed', () => {
    expect(offered('"deploy fr')).toBeUndefined();
    expect(offered('"from:@')).toBeUndefined();
    expect(offered('"a b" fr')).toEqual(['from:@']);
    expect(inPhrase('"a b" "c', 8)).toBe(true);
  });

  it('puts the pick in place of the word at the caret, with a space after a whole filter', () => {
    const text = 'deploy from:@s logs';
    const list = completeAt(text, 14, sources);
    if (!list?.options[0]) throw new Error('no completions');
    expect(applyCompletion(text, list, list.options[0])).toEqual({
      text: 'deploy from:@sam logs',
      caret: 'deploy from:@sam '.length,
    });
    const keyword = completeAt('fr', 2, sources);
    if (!keyword?.options[0]) throw new Error('no completions');
    // A keyword takes its value next: no space, and the caret right after it.
    expect(applyCompletion('fr', keyword, keyword.options[0])).toEqual({
      text: 'from:@',
      caret: 6,
    });
    // The caret inside a word: the whole word is replaced.
    const inside = completeAt('in:#genxx', 7, sources);
    expect(inside?.options.map((o) => o.insert)).toEqual(['in:#general']);
    if (!inside?.options[0]) throw new Error('no completions');
    expect(applyCompletion('in:#genxx', inside, inside.options[0]).text).toBe('in:#general ');
  });
});

describe('search query filters', () => {
  it('lists the filters of a query, not words inside a phrase', () => {
    expect(queryFilters('deploy from:@sam in:#ops "in:#quoted" has:link from:@sam')).toEqual([
      'from:@sam',
      'in:#ops',
      'has:link',
    ]);
    expect(queryFilters('from: plain words')).toEqual([]);
  });

  it('takes one filter out of a query and keeps the rest as typed', () => {
    expect(withoutFilter('deploy  from:@sam "a phrase" in:#ops', 'from:@sam')).toBe(
      'deploy "a phrase" in:#ops',
    );
    expect(withoutFilter('in:#ops', 'IN:#ops')).toBe('');
  });
});
