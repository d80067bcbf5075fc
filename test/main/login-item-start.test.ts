import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginItemAtStart, type LoginSystem } from '../../main/login-item';
import { tempDir } from '../server/helpers';

/** A system of the given platform whose OS login item is `on`; every set call is kept. */
function system(platform: NodeJS.Platform, on: boolean) {
  const calls: unknown[] = [];
  const config = tempDir();
  const sys: LoginSystem = {
    platform,
    env: { XDG_CONFIG_HOME: config },
    home: tempDir(),
    execPath: '/opt/Parley/parley',
    appArgs: [],
    windowsStore: false,
    setLoginItemSettings: (settings) => void calls.push(settings),
    getLoginItemSettings: () => ({ openAtLogin: on }),
  };
  return { sys, calls, entry: join(config, 'autostart', 'parley.desktop') };
}

/** The person's own autostart entry: switched off in their desktop's startup list. */
const PERSONS_ENTRY =
  '[Desktop Entry]\nType=Application\nExec=/old/parley\nX-GNOME-Autostart-enabled=false\n';
function personsEntry(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, PERSONS_ENTRY);
}

describe('start at sign-in, at start: only ever removed', () => {
  it('Windows and macOS: "on" in the settings asks nothing of the OS, whatever it says', () => {
    for (const platform of ['win32', 'darwin'] as const)
      for (const on of [true, false]) {
        const { sys, calls } = system(platform, on);
        expect(loginItemAtStart({ startAtLogin: true }, sys)).toEqual({ kind: 'left' });
        expect(calls).toEqual([]);
      }
  });

  it('Windows: "off" removes the Run entry (a no-op when there is none)', () => {
    const { sys, calls } = system('win32', true);
    expect(loginItemAtStart({ startAtLogin: false }, sys)).toMatchObject({ kind: 'login-item' });
    expect(calls).toEqual([{ openAtLogin: false, path: '/opt/Parley/parley', args: [] }]);
  });

  it('macOS: "off" unregisters the login item only when macOS has it', () => {
    const registered = system('darwin', true);
    loginItemAtStart({ startAtLogin: false }, registered.sys);
    expect(registered.calls).toEqual([{ openAtLogin: false }]);
    const none = system('darwin', false);
    expect(loginItemAtStart({ startAtLogin: false }, none.sys)).toEqual({ kind: 'left' });
    expect(none.calls).toEqual([]);
  });

  it("Linux: an existing entry is not rewritten, a missing one not made; 'off' removes it", () => {
    const kept = system('linux', false);
    personsEntry(kept.entry);
    expect(loginItemAtStart({ startAtLogin: true }, kept.sys)).toEqual({ kind: 'left' });
    expect(readFileSync(kept.entry, 'utf8')).toBe(PERSONS_ENTRY);

    const gone = system('linux', false);
    loginItemAtStart({ startAtLogin: true }, gone.sys);
    expect(existsSync(gone.entry)).toBe(false);

    const off = system('linux', false);
    personsEntry(off.entry);
    expect(loginItemAtStart({ startAtLogin: false }, off.sys)).toEqual({
      kind: 'autostart-removed',
      file: off.entry,
    });
    expect(existsSync(off.entry)).toBe(false);
    expect([...kept.calls, ...gone.calls, ...off.calls]).toEqual([]);
  });

  it('where the system has no login items, nothing happens', () => {
    const { sys, calls } = system('win32', true);
    expect(loginItemAtStart({ startAtLogin: false }, { ...sys, windowsStore: true })).toEqual({
      kind: 'unsupported',
    });
    expect(calls).toEqual([]);
  });
});
