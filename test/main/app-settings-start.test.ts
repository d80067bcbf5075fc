import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { NO_POLICY } from '../../main/policy-state';
import { SettingsStore } from '../../main/settings';
import { setupAppSettings } from '../../main/setup-app-settings';
import { tempDir } from '../server/helpers';
import { FakeWebContents, app, ipcMain } from './fake-electron';
import { loginSystem } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

afterEach(() => {
  ipcMain.handlers.clear();
  app.loginItemCalls = [];
});

const window = new FakeWebContents();
/** An entry the person switched off in their desktop's startup list. */
const PERSONS_ENTRY =
  '[Desktop Entry]\nType=Application\nExec=/old/parley\nX-GNOME-Autostart-enabled=false\n';

/**
 * A start of the app on a platform: its settings file as `app` says (raw JSON, as a newer or
 * older version may have written it), and the autostart entry as `entry` says.
 */
function startWith(platform: NodeJS.Platform, fileApp: unknown, entry?: string) {
  const config = tempDir();
  const file = join(config, 'autostart', 'parley.desktop');
  if (entry !== undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry);
  }
  const settingsFile = join(tempDir(), 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ app: fileApp }));
  const login = loginSystem(platform, config);
  const settings = new SettingsStore(settingsFile);
  setupAppSettings({ settings, own: () => [window as never], policy: () => NO_POLICY, login });
  return { file, settings };
}

const ON = { startAtLogin: true, startHidden: true, spellcheck: true, spellcheckLanguages: null };

it("Linux: a start leaves the person's entry as it is, and makes none they removed", () => {
  const kept = startWith('linux', ON, PERSONS_ENTRY);
  expect(readFileSync(kept.file, 'utf8')).toBe(PERSONS_ENTRY);
  ipcMain.handlers.clear();
  const removed = startWith('linux', ON);
  expect(existsSync(removed.file)).toBe(false);
});

it('Windows: a start with "on" writes nothing (Task Manager\'s choice stands); "off" removes', () => {
  startWith('win32', ON);
  expect(app.loginItemCalls).toEqual([]);
  ipcMain.handlers.clear();
  startWith('win32', { ...ON, startAtLogin: false });
  expect(app.loginItemCalls).toEqual([
    { openAtLogin: false, path: '/opt/Parley/parley', args: [] },
  ]);
});

it("a newer version's extra key neither resets the section nor removes the entry", () => {
  const { file, settings } = startWith(
    'linux',
    { ...ON, startOnBattery: false },
    '[Desktop Entry]\nExec=/opt/Parley/parley\n',
  );
  expect(settings.get().app).toEqual(ON);
  expect(existsSync(file)).toBe(true);
});
