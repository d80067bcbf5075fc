import { homedir } from 'node:os';
import { app, session } from 'electron';
import { handle, type OwnContents } from './ipc';
import type { AppSettings, AppSettingsView, PolicyState } from './ipc-channels';
import {
  applyLoginItem,
  loginItemAtStart,
  loginItemSupported,
  type LoginSystem,
} from './login-item';
import type { SettingsStore } from './settings';
import { applySpellcheck, spellPlan, type SpellSession, type SpellSystem } from './spellcheck';

/** This machine, as Electron and the process describe it. */
export function electronLoginSystem(): LoginSystem {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    execPath: process.execPath,
    // `electron .` from source: the program is Electron itself and needs the app's folder.
    appArgs: app.isPackaged ? [] : [app.getAppPath()],
    windowsStore: process.windowsStore === true,
    setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    getLoginItemSettings: () => app.getLoginItemSettings(),
  };
}

/**
 * The settings in force under the policy: a locked "start at sign-in" is off whatever the
 * file says (a policy that arrives later turns an earlier choice off).
 */
export function effectiveSettings(saved: AppSettings, policy: PolicyState): AppSettings {
  return policy.locks.startAtLogin ? { ...saved, startAtLogin: false } : saved;
}

/**
 * The desktop preferences: their IPC, and applying them to the OS (the login item: on every
 * change, and at start only to remove it) and to Chromium (spell-check: at start and on every
 * change).
 */
export function setupAppSettings(deps: {
  settings: SettingsStore;
  own: OwnContents;
  policy: () => PolicyState;
  login?: LoginSystem;
  spellSession?: SpellSession;
  log?: (message: string) => void;
}): void {
  const { settings, own } = deps;
  const login = deps.login ?? electronLoginSystem();
  const spellSession = deps.spellSession ?? session.defaultSession;
  const log = deps.log ?? console.warn;
  const spellSystem = (): SpellSystem => ({
    platform: login.platform,
    available: spellSession.availableSpellCheckerLanguages,
    preferred: app.getPreferredSystemLanguages(),
  });
  const current = () => effectiveSettings(settings.get().app, deps.policy());

  const view = (): AppSettingsView => {
    const policy = deps.policy();
    const now = effectiveSettings(settings.get().app, policy);
    const plan = spellPlan(now, spellSystem());
    return {
      settings: now,
      spellcheckAvailable: plan.available,
      spellcheckActive: plan.languages,
      loginItemSupported: loginItemSupported(login),
      policy,
    };
  };

  const refusal = (next: AppSettings, before: AppSettings): string | undefined => {
    if (next.startAtLogin && deps.policy().locks.startAtLogin)
      return 'Opening Parley when you sign in is turned off by your organisation.';
    if (next.startAtLogin && !before.startAtLogin && !loginItemSupported(login))
      return 'This computer offers Parley no way to open when you sign in.';
    const { available } = spellPlan(next, spellSystem());
    const unknown = next.spellcheckLanguages?.find((code) => !available.includes(code));
    if (unknown) return `Spell-check has no dictionary for "${unknown}" on this computer.`;
    if (next.spellcheckLanguages?.length === 0)
      return 'Pick at least one language to check spelling in, or turn spell-check off.';
    return undefined;
  };

  handle('app-settings:get', own, view);
  handle('app-settings:set', own, (next) => {
    const before = current();
    const why = refusal(next, before);
    if (why) throw new Error(why);
    // The OS first: when it refuses (a read-only autostart folder), nothing is saved.
    if (next.startAtLogin !== before.startAtLogin || next.startHidden !== before.startHidden)
      applyLoginItem(next, login);
    settings.update((s) => ({ ...s, app: next }));
    applySpellcheck(next, spellSystem(), spellSession);
    return view();
  });

  // At start the OS's entry is only ever removed, where the file or the policy says off (either
  // may have changed while the app was closed): never written, so a person who switched Parley
  // off in the OS's own startup list stays switched off. A failure is logged, as no window
  // exists yet to say it.
  try {
    loginItemAtStart(current(), login);
  } catch (error) {
    log(`app settings: could not set the login item (${String(error)})`);
  }
  try {
    applySpellcheck(current(), spellSystem(), spellSession);
  } catch (error) {
    log(`app settings: could not set the spell-check languages (${String(error)})`);
  }
}
