import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppSettings, PolicyState } from '../../main/ipc-channels';
import { NO_POLICY } from '../../main/policy-state';
import { DEFAULT_APP, SettingsStore } from '../../main/settings';
import { setupAppSettings } from '../../main/setup-app-settings';
import { tempDir } from '../server/helpers';
import { FakeWebContents, app, ipcMain, session } from './fake-electron';
import { loginSystem } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

afterEach(() => {
  ipcMain.handlers.clear();
  app.loginItemCalls = [];
  app.preferredLanguages = ['en-US'];
});

const window = new FakeWebContents();
const own = () => [window] as never[];
const fromApp = { sender: window, senderFrame: { url: 'app://parley/index.html', parent: null } };
const invoke = (channel: string, ...args: unknown[]): Promise<any> =>
  Promise.resolve().then(() => ipcMain.handlers.get(channel)?.(fromApp, ...args));

const LOCKED: PolicyState = {
  ...NO_POLICY,
  file: '/etc/parley/policy.json',
  locks: { ...NO_POLICY.locks, startAtLogin: true },
};

/** The handlers on a Linux machine whose autostart folder is a temp dir of the test's own. */
function start(
  options: { policy?: PolicyState; app?: Partial<AppSettings>; config?: string } = {},
) {
  const config = options.config ?? tempDir();
  const file = join(tempDir(), 'settings.json');
  const settings = new SettingsStore(file);
  if (options.app) settings.update((s) => ({ ...s, app: { ...s.app, ...options.app } }));
  const login = loginSystem('linux', config);
  let policy = options.policy ?? NO_POLICY;
  const logged: string[] = [];
  setupAppSettings({ settings, own, policy: () => policy, login, log: (m) => logged.push(m) });
  const entry = join(config, 'autostart', 'parley.desktop');
  return { settings, file, entry, logged, setPolicy: (next: PolicyState) => (policy = next) };
}

describe('app-settings:get and app-settings:set', () => {
  it("shows the settings, the dictionaries and the system's languages in effect", async () => {
    app.preferredLanguages = ['fr-FR', 'en-GB'];
    start();
    const view = await invoke('app-settings:get');
    expect(view).toEqual({
      settings: DEFAULT_APP,
      spellcheckAvailable: session.defaultSession.availableSpellCheckerLanguages,
      spellcheckActive: ['fr', 'en-GB'],
      loginItemSupported: true,
      policy: NO_POLICY,
    });
    // Applied at start too: the session checks in those languages.
    expect(session.defaultSession.spellCheckerLanguages).toEqual(['fr', 'en-GB']);
  });

  it('a change is saved, written to the autostart entry and the session, and shown', async () => {
    const { file, entry } = start();
    const next = {
      startAtLogin: true,
      startHidden: true,
      spellcheck: true,
      spellcheckLanguages: ['de', 'es'],
    };
    const view = await invoke('app-settings:set', next);
    expect(view.settings).toEqual(next);
    expect(view.spellcheckActive).toEqual(['de', 'es']);
    expect(JSON.parse(readFileSync(file, 'utf8')).app).toEqual(next);
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/opt/Parley/parley" "--hidden"');
    expect(session.defaultSession.spellCheckerLanguages).toEqual(['de', 'es']);

    const off = { ...next, startAtLogin: false, spellcheck: false };
    expect((await invoke('app-settings:set', off)).spellcheckActive).toEqual([]);
    expect(existsSync(entry)).toBe(false);
    expect(session.defaultSession.spellCheckerEnabled).toBe(false);
    await invoke('app-settings:set', { ...off, spellcheck: true });
    expect(session.defaultSession.spellCheckerEnabled).toBe(true);
  });

  it('refuses what the policy locks, a language with no dictionary, an empty list, a bad shape', async () => {
    const { file } = start({ policy: LOCKED });
    const on = { ...DEFAULT_APP, startAtLogin: true };
    await expect(invoke('app-settings:set', on)).rejects.toThrow(/turned off by your organisation/);
    const ja = { ...DEFAULT_APP, spellcheckLanguages: ['ja'] };
    await expect(invoke('app-settings:set', ja)).rejects.toThrow(/no dictionary for "ja"/);
    const none = { ...DEFAULT_APP, spellcheckLanguages: [] };
    await expect(invoke('app-settings:set', none)).rejects.toThrow(/at least one language/);
    await expect(invoke('app-settings:set', { ...DEFAULT_APP, extra: 1 })).rejects.toThrow(
      /invalid arguments/,
    );
    expect(existsSync(file)).toBe(false);
    // What is not locked still changes under a policy.
    const view = await invoke('app-settings:set', { ...DEFAULT_APP, spellcheck: false });
    expect(view.settings.spellcheck).toBe(false);
    expect(view.policy.locks.startAtLogin).toBe(true);
  });

  it('a policy that arrives later turns an earlier "start at sign-in" off, at the next start', async () => {
    const first = start();
    await invoke('app-settings:set', { ...DEFAULT_APP, startAtLogin: true });
    expect(existsSync(first.entry)).toBe(true);
    first.setPolicy(LOCKED);
    expect((await invoke('app-settings:get')).settings.startAtLogin).toBe(false);

    // The next start, with the file still saying yes: the entry goes.
    ipcMain.handlers.clear();
    const config = join(first.entry, '..', '..');
    const again = start({ policy: LOCKED, app: { startAtLogin: true }, config });
    expect(again.entry).toBe(first.entry);
    expect(existsSync(first.entry)).toBe(false);
    expect((await invoke('app-settings:get')).settings.startAtLogin).toBe(false);
  });

  it('an autostart folder that cannot be written: the change is refused and not saved', async () => {
    const { settings, entry, logged } = start();
    // A file where the autostart folder should be: mkdir fails, as on a read-only ~/.config.
    mkdirSync(join(entry, '..', '..'), { recursive: true });
    writeFileSync(join(entry, '..'), 'not a folder');
    await expect(
      invoke('app-settings:set', { ...DEFAULT_APP, startAtLogin: true }),
    ).rejects.toThrow();
    expect(settings.get().app.startAtLogin).toBe(false);
    expect(logged).toEqual([]);
  });

  it('at start, a removal that fails is logged and the app goes on', async () => {
    const config = tempDir();
    // Something that is not an entry where the entry goes: removing it fails.
    const entry = join(config, 'autostart', 'parley.desktop');
    mkdirSync(join(entry, 'inside'), { recursive: true });
    const { logged } = start({ config });
    expect(logged).toEqual([expect.stringMatching(/could not set the login item/)]);
    expect((await invoke('app-settings:get')).settings.startAtLogin).toBe(false);
  });
});
