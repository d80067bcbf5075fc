/**
 * Readable names for Chromium's spell-check language codes (`en-US` → "English (United
 * States)"), named and sorted in the locale the caller gives, for the desktop settings dialog.
 * The dialog gives English, the language of the app's own words (see app-settings-spelling.tsx).
 */

/** One dictionary: its code, as main takes it, and its name for people. */
export interface NamedLanguage {
  code: string;
  name: string;
}

/**
 * The name of one language code in `locale`. A code that Intl does not know (or a runtime
 * without language names) shows as itself rather than failing the whole list.
 */
export function languageName(code: string, locale: string): string {
  try {
    const names = new Intl.DisplayNames([locale], {
      type: 'language',
      languageDisplay: 'standard',
    });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The codes with their names, sorted by name as the locale sorts (so "Español" is not put
 * after "Zulu" for a Spanish reader). Ties keep the code order.
 */
export function namedLanguages(codes: readonly string[], locale: string): NamedLanguage[] {
  const collator = new Intl.Collator([locale]);
  return codes
    .map((code) => ({ code, name: languageName(code, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.code, b.code));
}

/** "English (United States) and French", as a sentence part; "none" for an empty list. */
export function languageList(codes: readonly string[], locale: string): string {
  if (codes.length === 0) return 'none';
  const names = codes.map((code) => languageName(code, locale));
  try {
    return new Intl.ListFormat([locale], { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}
