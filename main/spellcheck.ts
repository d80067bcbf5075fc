import type { AppSettings } from './ipc-channels';

/** The part of Electron's session that spell-checking uses. */
export interface SpellSession {
  setSpellCheckerEnabled(enable: boolean): void;
  setSpellCheckerLanguages(languages: string[]): void;
  readonly availableSpellCheckerLanguages: string[];
}

/** What Chromium uses when nothing of the system's languages has a dictionary. */
export const FALLBACK_LANGUAGE = 'en-US';

/**
 * A system language tag in the form Chromium lists: `en_US.UTF-8` → `en-US`, `C` and `POSIX`
 * (no language at all) → undefined.
 */
function tidy(tag: string): string | undefined {
  const bare = tag.split(/[.@]/)[0]?.replaceAll('_', '-').trim() ?? '';
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(bare) ? bare : undefined;
}

/**
 * The dictionary for one system language: the same tag; else the tag with its last parts
 * dropped (`sr-Latn-RS` → `sr-Latn` → `sr`); else another of the same language, preferring the
 * language's home region (`de` → `de-DE`), then `-US` (`en` → `en-US`), then the first listed.
 */
function match(tag: string, available: readonly string[]): string | undefined {
  const find = (wanted: string) =>
    available.find((code) => code.toLowerCase() === wanted.toLowerCase());
  const parts = tag.split('-');
  for (let length = parts.length; length > 0; length--) {
    const found = find(parts.slice(0, length).join('-'));
    if (found) return found;
  }
  const base = parts[0]!.toLowerCase();
  return (
    find(`${base}-${base}`) ??
    find(`${base}-US`) ??
    available.find((code) => code.toLowerCase().startsWith(`${base}-`))
  );
}

/**
 * The dictionaries for the system's preferred languages (`app.getPreferredSystemLanguages()`),
 * in their order, each once; `en-US` when none has one (and nothing when even that is missing).
 */
export function systemSpellLanguages(
  preferred: readonly string[],
  available: readonly string[],
): string[] {
  const chosen = preferred.flatMap((tag) => {
    const tidied = tidy(tag);
    const found = tidied && match(tidied, available);
    return found ? [found] : [];
  });
  const unique = [...new Set(chosen)];
  if (unique.length > 0) return unique;
  return available.includes(FALLBACK_LANGUAGE) ? [FALLBACK_LANGUAGE] : [];
}

/** What this machine's spell-checker offers, and the system's languages, for {@link spellPlan}. */
export interface SpellSystem {
  platform: NodeJS.Platform;
  /** Chromium's dictionaries (`session.availableSpellCheckerLanguages`). */
  available: readonly string[];
  /** `app.getPreferredSystemLanguages()`. */
  preferred: readonly string[];
}

/**
 * What spell-check does with these settings: on or off, and in which languages. On macOS the
 * OS's checker is used and finds the language by itself (Electron's language list does nothing
 * there), so none is offered or set. Chosen languages no longer offered are dropped, as Electron
 * throws on an unknown one.
 */
export function spellPlan(
  settings: Pick<AppSettings, 'spellcheck' | 'spellcheckLanguages'>,
  system: SpellSystem,
): { enabled: boolean; available: string[]; languages: string[] } {
  const available = system.platform === 'darwin' ? [] : [...system.available];
  const chosen = settings.spellcheckLanguages?.filter((code) => available.includes(code));
  const languages =
    chosen && chosen.length > 0 ? chosen : systemSpellLanguages(system.preferred, available);
  return {
    enabled: settings.spellcheck,
    available,
    languages: settings.spellcheck ? languages : [],
  };
}

/** Applies {@link spellPlan} to the session. Returns the languages in effect. */
export function applySpellcheck(
  settings: Pick<AppSettings, 'spellcheck' | 'spellcheckLanguages'>,
  system: SpellSystem,
  session: SpellSession,
): string[] {
  const plan = spellPlan(settings, system);
  session.setSpellCheckerEnabled(plan.enabled);
  if (plan.enabled && plan.languages.length > 0) session.setSpellCheckerLanguages(plan.languages);
  return plan.languages;
}
