import { describe, expect, it } from 'vitest';
import { languageList, languageName, namedLanguages } from '../../renderer/src/lib/language-names';

describe('spell-check language names', () => {
  it('names the codes Chromium lists, in the reader’s language', () => {
    expect(languageName('en-US', 'en')).toBe('English (United States)');
    expect(languageName('pt-BR', 'en')).toBe('Portuguese (Brazil)');
    expect(languageName('de', 'fr')).toBe('allemand');
    // Not a language code at all: shown as it is rather than failing the list.
    expect(languageName('not a code', 'en')).toBe('not a code');
  });

  it('sorts by name as the locale sorts, the same name kept apart by code', () => {
    const codes = ['sv', 'es', 'en-US', 'en-GB', 'de'];
    expect(namedLanguages(codes, 'en').map((l) => l.code)).toEqual([
      'en-GB',
      'en-US',
      'de',
      'es',
      'sv',
    ]);
    // In Spanish: alemán, español, inglés (Estados Unidos), inglés (Reino Unido), sueco.
    expect(namedLanguages(codes, 'es').map((l) => l.code)).toEqual([
      'de',
      'es',
      'en-US',
      'en-GB',
      'sv',
    ]);
  });

  it('lists them as a sentence part', () => {
    expect(languageList(['en-US', 'fr'], 'en')).toBe('English (United States) and French');
    expect(languageList([], 'en')).toBe('none');
  });
});
