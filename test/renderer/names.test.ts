import { beforeAll, describe, expect, it } from 'vitest';
import {
  confusablesLoaded,
  NameLabels,
  nameKeys,
  shownName,
} from '../../renderer/src/lib/names.js';
import type { UserRef } from '../../server/protocol.js';
import { nameKeys as serverKeys, nameProblem } from '../../server/names.js';
import { BAD_NAMES, GOOD_NAMES } from '../bad-names.js';

const person = (id: number, username: string, displayName: string): UserRef => ({
  id,
  username,
  displayName,
});

describe('names in the client', () => {
  // The table loads after the first screen; these compare names as the client does once it has.
  beforeAll(() => confusablesLoaded);

  it('shows usernames beside display names that look alike, and only there', () => {
    const alice = person(1, 'alice', 'Alice');
    const mallory = person(2, 'mallory', 'Alice');
    const bob = person(3, 'bob', 'Bob');
    const labels = new NameLabels([alice, mallory, bob]);
    expect([alice, mallory, bob].map(labels.label)).toEqual([
      'Alice (@alice)',
      'Alice (@mallory)',
      'Bob',
    ]);
    // Alone in view, Alice is just Alice.
    expect(new NameLabels([alice, bob]).label(alice)).toBe('Alice');
    // Look-alikes count: case, fullwidth, Cyrillic А, hidden characters, capital I for l.
    for (const copy of ['ALICE', 'Ａｌｉｃｅ', '\u0410lice', 'Al\u200Bice', 'AIice']) {
      const twin = person(4, 'twin', copy);
      expect([copy, new NameLabels([alice, twin]).needsUsername(alice)]).toEqual([copy, true]);
      expect(new NameLabels([alice, twin]).label(twin)).toMatch(/\(@twin\)$/);
    }
    // A display name copying someone's username counts too.
    const fakeBob = person(5, 'eve', 'bob');
    expect(new NameLabels([person(3, 'bob', 'Robert'), fakeBob]).label(fakeBob)).toBe('bob (@eve)');
    // The same person twice (author and online) is one person.
    expect(new NameLabels([alice, alice]).label(alice)).toBe('Alice');
  });

  it('takes bidi controls and invisible characters out of names, keeping emoji', () => {
    expect(shownName('Ali\u202Eecila')).toBe('Aliecila');
    expect(shownName('Zoë ❤️')).toBe('Zoë ❤️');
    expect(new NameLabels([]).label(person(1, 'ghost', '\u3164\u200B'))).toBe('ghost (@ghost)');
  });

  it('strips exactly what the server refuses as hidden, and keys names as the server does', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0xe01ff; cp++) {
      const char = String.fromCodePoint(cp);
      if (/[\p{Cn}\p{Cs}]/u.test(char)) continue; // unassigned: left alone when shown
      const name = `a${char}b`;
      const refused = nameProblem(name)?.startsWith('must not contain invisible') ?? false;
      if (refused !== (shownName(name) !== name)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
    for (const name of [...GOOD_NAMES, ...BAD_NAMES.map(([, n]) => n), 'gеneral', 'AIice'])
      expect([name, nameKeys(name)]).toEqual([name, serverKeys(name)]);
  });
});
