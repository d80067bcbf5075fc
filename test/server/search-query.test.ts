import { describe, expect, it } from 'vitest';
import { ftsMatch } from '../../server/search/fts.js';
import { CursorSigner } from '../../server/search/cursor.js';
import { nextPosition, rank } from '../../server/search/paging.js';
import { MAX_TERMS, parseDay, parseQuery } from '../../server/search/query.js';
import { analyse, highlights, prepareTerms, relevance } from '../../server/search/relevance.js';

const DAY = 86_400_000;
const terms = (raw: string) => parseQuery(raw).terms;

describe('parseQuery', () => {
  it('reads words, phrases and the last word as a prefix (still being typed)', () => {
    expect(terms('deploy "release notes" fri')).toEqual([
      { text: 'deploy', phrase: false, prefix: false },
      { text: 'release notes', phrase: true, prefix: false },
      { text: 'fri', phrase: false, prefix: true },
    ]);
    // A space after it: the word is finished.
    expect(terms('deploy ')[0]?.prefix).toBe(false);
    expect(terms('dep* now ')[0]).toEqual({ text: 'dep', phrase: false, prefix: true });
  });

  it('reads every filter and keeps them out of the words', () => {
    const query = parseQuery(
      'from:@Sam in:#dev-ops in:@bob before:2026-12-01 after:2026-11-01 has:file has:LINK x2',
    );
    expect(query).toMatchObject({
      from: ['sam'],
      in: ['dev-ops', '@bob'],
      before: Date.UTC(2026, 11, 1),
      after: Date.UTC(2026, 10, 1) + DAY,
      hasFile: true,
      hasLink: true,
    });
    expect(query.terms.map((t) => t.text)).toEqual(['x2']);
    expect(parseQuery('in:"team room" from:"ann"')).toMatchObject({
      in: ['team room'],
      from: ['ann'],
      terms: [],
    });
  });

  it('takes filters that do not parse as plain words', () => {
    const query = parseQuery('before:yesterday after:2026-02-30 has:pin from:');
    expect(query.before).toBeUndefined();
    expect(query.after).toBeUndefined();
    expect(query.terms.map((t) => t.text)).toEqual([
      'before:yesterday',
      'after:2026-02-30',
      'has:pin',
      'from:',
    ]);
  });

  it('never throws on junk, and drops what has fewer than two letters or digits', () => {
    for (const junk of ['"', '"unbalanced words', 'NEAR(', '*', '-', ':', '🎉🎉', 'a b c', '"""']) {
      const query = parseQuery(junk);
      for (const term of query.terms)
        expect(term.text.match(/[\p{L}\p{N}]/gu)?.length).toBeGreaterThan(1);
    }
    expect(terms('"unbalanced words').map((t) => t.text)).toEqual(['unbalanced', 'words']);
    expect(terms('NEAR(a b)')).toEqual([{ text: 'NEAR(a', phrase: false, prefix: false }]);
    expect(terms('🎉 * - :')).toEqual([]);
    expect(terms('nul\u0000byte')).toHaveLength(2);
  });

  it(`keeps at most ${MAX_TERMS} terms`, () => {
    expect(terms(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_TERMS);
  });

  it('knows real dates only', () => {
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2026-1-1')).toBeUndefined();
  });
});

describe('ftsMatch', () => {
  it('quotes every term, so that no user text is FTS5 syntax', () => {
    const match = ftsMatch(terms('say "he said ""hi""" NEAR(x y) col:umn -not end'));
    expect(match).toBe(
      '"say" AND "he said " AND "hi" AND "NEAR(x" AND "col:umn" AND "-not" AND "end"*',
    );
    expect(ftsMatch([{ text: 'a"b', phrase: false, prefix: false }])).toBe('"a""b"');
    expect(ftsMatch([])).toBeUndefined();
  });
});

describe('matching a text', () => {
  const terms = (...list: Array<[string, boolean?]>) =>
    prepareTerms(list.map(([text, prefix = false]) => ({ text, prefix, phrase: false })));

  it('finds words without case or accents, as UTF-16 ranges of the original text', () => {
    const text = '🎉 Café au lait, CAFE noir, cafés';
    expect(highlights(text, terms(['cafe']))).toEqual([
      [3, 7],
      [17, 21],
    ]);
    expect(analyse(text, terms(['cafe']))).toEqual({ counts: [2], length: 6 });
    expect(analyse(text, terms(['café', true])).counts).toEqual([3]);
    // Decomposed accents are part of their word.
    expect(highlights('re\u0301sume\u0301 done', terms(['resume']))).toEqual([[0, 8]]);
  });

  it('finds a phrase, or a word of several parts, as one range of words in a row', () => {
    const text = 'red apple pie; apple red, red-apple';
    expect(highlights(text, terms(['red apple']))).toEqual([
      [0, 9],
      [26, 35],
    ]);
    expect(analyse(text, terms(['red-ap', true])).counts).toEqual([2]);
    expect(highlights(text, terms(['apple'], ['apple pie']))).toEqual([
      [4, 13],
      [15, 20],
      [30, 35],
    ]);
  });

  it('scores more occurrences and shorter messages higher', () => {
    const gadget = terms(['gadget']);
    const once = relevance(analyse('a gadget here and there', gadget), 5);
    const twice = relevance(analyse('a gadget and a gadget', gadget), 5);
    const short = relevance(analyse('gadget', gadget), 5);
    expect(twice).toBeGreaterThan(once);
    expect(short).toBeGreaterThan(once);
    expect(relevance(analyse('nothing', gadget), 5)).toBe(0);
  });
});

describe('rank and cursors', () => {
  it('weighs relevance first and recency second, newest first on a tie', () => {
    const now = 100 * DAY;
    const order = rank(
      [
        { id: 1, createdAt: now - 60 * DAY, relevance: 10 },
        { id: 2, createdAt: now, relevance: 2 },
        { id: 3, createdAt: now, relevance: 10 },
        { id: 4, createdAt: now, relevance: 10 },
      ],
      now,
    );
    expect(order).toEqual([4, 3, 1, 2]);
  });

  it('go through a batch, then to the next older one, then end', () => {
    const at = { offset: 20, now: 5 };
    const batch = { total: 45, maxId: 900, minId: 300 };
    expect(nextPosition(at, 20, batch)).toEqual({ offset: 40, maxId: 900, minId: 300, now: 5 });
    expect(nextPosition(at, 25, batch)).toEqual({ offset: 0, maxId: 299, minId: 0, now: 5 });
    expect(nextPosition(at, 25, { ...batch, minId: 1 })).toBeUndefined();
  });

  it('belong to one user, one query and one server, and cannot be altered', () => {
    const signer = new CursorSigner('s'.repeat(32));
    const position = { offset: 20, maxId: 99, minId: 7, now: 1234 };
    const cursor = signer.encode(1, 'q1', position);
    expect(cursor.length).toBeLessThan(120);
    expect(signer.decode(1, 'q1', cursor)).toEqual(position);
    expect(signer.decode(1, 'q2', cursor)).toBeUndefined();
    expect(signer.decode(2, 'q1', cursor)).toBeUndefined();
    expect(new CursorSigner('t'.repeat(32)).decode(1, 'q1', cursor)).toBeUndefined();
    expect(signer.decode(1, 'q1', 'not a cursor!')).toBeUndefined();
    expect(signer.decode(1, 'q1', Buffer.from('x.1.2.3.4').toString('base64url'))).toBeUndefined();
    // The position alone, or with another position's signature, is not a cursor.
    const bytes = Buffer.from(cursor, 'base64url');
    const swapped = Buffer.concat([bytes.subarray(0, 16), Buffer.from('20.99.0.1234')]);
    expect(signer.decode(1, 'q1', swapped.toString('base64url'))).toBeUndefined();
    expect(signer.decode(1, 'q1', bytes.subarray(16).toString('base64url'))).toBeUndefined();
    // The longest position still fits the payload's 200 characters, under 120.
    const big = 10 ** 15 - 1;
    const longest = { offset: big, maxId: big, minId: big, now: big };
    expect(signer.encode(1, 'q1', longest).length).toBeLessThan(120);
  });
});
