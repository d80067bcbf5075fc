import type { AppSettings, AppSettingsView } from '../../../main/ipc-channels';
import { languageList, namedLanguages } from '../lib/language-names';
import { RadioGroup } from './radio-group';

/** The app's words are English, so are the languages' names (as in Chromium's own settings). */
const UI_LOCALE = 'en';

/** "Check spelling", and its languages: the system's, or the ones the person ticks. */
export function SpellSettings(props: {
  view: AppSettingsView;
  draft: AppSettings;
  onChange: (next: AppSettings) => void;
  /** Said when the person unticks the last language (main would refuse an empty list). */
  onRefused: (why: string) => void;
}) {
  const { view, draft, onChange } = props;
  const chosen = draft.spellcheckLanguages;
  const choose = (mode: 'system' | 'chosen') => {
    if (mode === 'system') return onChange({ ...draft, spellcheckLanguages: null });
    // Start from what is in effect, so that nothing changes until the person ticks something.
    const active = view.spellcheckActive;
    const start = active.length > 0 ? active : view.spellcheckAvailable.slice(0, 1);
    onChange({ ...draft, spellcheckLanguages: [...start] });
  };
  // The languages in effect are the system's only while main uses them (not once chosen).
  const systemNames =
    view.settings.spellcheckLanguages === null && view.spellcheckActive.length > 0
      ? ` (${languageList(view.spellcheckActive, UI_LOCALE)})`
      : '';
  const tick = (code: string, on: boolean) => {
    const next = on ? [...(chosen ?? []), code] : (chosen ?? []).filter((c) => c !== code);
    if (next.length === 0)
      return props.onRefused('Keep at least one language, or turn off Check spelling.');
    onChange({ ...draft, spellcheckLanguages: next });
  };
  return (
    <fieldset className="app-settings-group">
      <legend>Spelling</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.spellcheck}
          onChange={(event) => onChange({ ...draft, spellcheck: event.target.checked })}
        />
        Check spelling
      </label>
      {draft.spellcheck && view.spellcheckAvailable.length === 0 && (
        <p className="muted small app-settings-nested">
          Your system&apos;s spell-checker finds the language you write in by itself.
        </p>
      )}
      {draft.spellcheck && view.spellcheckAvailable.length > 0 && (
        <RadioGroup
          legend="Languages"
          name="spellcheck-languages"
          className="app-settings-nested app-settings-languages"
          value={chosen === null ? 'system' : 'chosen'}
          options={[
            ['system', `Use my system's languages${systemNames}`],
            ['chosen', 'Choose the languages'],
          ]}
          onChange={choose}
        >
          {chosen !== null && (
            <LanguageList available={view.spellcheckAvailable} chosen={chosen} onTick={tick} />
          )}
        </RadioGroup>
      )}
    </fieldset>
  );
}

/** A checkbox per dictionary, by name; the list scrolls (Chromium offers some fifty). */
function LanguageList(props: {
  available: string[];
  chosen: string[];
  onTick: (code: string, on: boolean) => void;
}) {
  return (
    <ul className="app-settings-language-list" aria-label="Spell-check languages">
      {namedLanguages(props.available, UI_LOCALE).map(({ code, name }) => (
        <li key={code}>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={props.chosen.includes(code)}
              onChange={(event) => props.onTick(code, event.target.checked)}
            />
            {name} <span className="muted small mono">{code}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
