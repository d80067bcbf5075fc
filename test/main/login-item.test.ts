import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLoginItem, loginItemSupported, type LoginSystem } from '../../main/login-item';
import { autostartEntry, autostartFile, execArgument } from '../../main/xdg-autostart';
import { tempDir } from '../server/helpers';

/** A system of the given platform whose every setLoginItemSettings call is kept. */
function system(platform: NodeJS.Platform, extra: Partial<LoginSystem> = {}) {
  const calls: unknown[] = [];
  const sys: LoginSystem = {
    platform,
    env: {},
    home: tempDir(),
    execPath: '/opt/Parley/parley',
    appArgs: [],
    windowsStore: false,
    setLoginItemSettings: (settings) => void calls.push(settings),
    getLoginItemSettings: () => ({ openAtLogin: false }),
    ...extra,
  };
  return { sys, calls };
}

describe('start at sign-in: Windows and macOS', () => {
  it('Windows: the Run entry with --hidden only while "start minimised" is on', () => {
    const { sys, calls } = system('win32', { execPath: 'C:\\Program Files\\Parley\\Parley.exe' });
    applyLoginItem({ startAtLogin: true, startHidden: true }, sys);
    applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
    applyLoginItem({ startAtLogin: false, startHidden: true }, sys);
    const path = 'C:\\Program Files\\Parley\\Parley.exe';
    // Turning it on is explicit: `enabled` re-approves an entry Task Manager had disabled.
    expect(calls).toEqual([
      { openAtLogin: true, path, args: ['--hidden'], enabled: true },
      { openAtLogin: true, path, args: [], enabled: true },
      { openAtLogin: false, path, args: [] },
    ]);
  });

  it('from source, the app folder goes first, quoted for the registry', () => {
    const { sys, calls } = system('win32', { appArgs: ['C:\\src\\my parley'] });
    applyLoginItem({ startAtLogin: true, startHidden: true }, sys);
    expect(calls[0]).toMatchObject({ args: ['"C:\\src\\my parley"', '--hidden'] });
    // A trailing backslash would escape the closing quote: it is doubled (CommandLineToArgvW).
    const trailing = system('win32', { appArgs: ['C:\\src\\', 'D:\\a\\b\\\\'] });
    applyLoginItem({ startAtLogin: true, startHidden: false }, trailing.sys);
    expect(trailing.calls[0]).toMatchObject({
      args: ['"C:\\src\\\\"', '"D:\\a\\b\\\\\\\\"'],
    });
  });

  it('macOS: a login item, no arguments (none reach a macOS login item)', () => {
    const { sys, calls } = system('darwin');
    applyLoginItem({ startAtLogin: true, startHidden: true }, sys);
    applyLoginItem({ startAtLogin: false, startHidden: true }, sys);
    expect(calls).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('a Microsoft Store build is not offered it, and nothing is asked of Windows', () => {
    const { sys, calls } = system('win32', { windowsStore: true });
    expect(loginItemSupported(sys)).toBe(false);
    expect(applyLoginItem({ startAtLogin: true, startHidden: false }, sys)).toEqual({
      kind: 'unsupported',
    });
    expect(calls).toEqual([]);
    expect(loginItemSupported({ platform: 'aix', windowsStore: false })).toBe(false);
    expect(loginItemSupported({ platform: 'linux', windowsStore: false })).toBe(true);
  });
});

describe('start at sign-in: the XDG autostart entry (Linux)', () => {
  it('is written 0644 under $XDG_CONFIG_HOME/autostart, and removed when turned off', () => {
    const config = tempDir();
    const { sys, calls } = system('linux', { env: { XDG_CONFIG_HOME: config } });
    const file = join(config, 'autostart', 'parley.desktop');
    expect(applyLoginItem({ startAtLogin: true, startHidden: true }, sys)).toMatchObject({ file });
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('[Desktop Entry]\n')).toBe(true);
    expect(text).toContain('\nType=Application\n');
    expect(text).toContain('\nExec="/opt/Parley/parley" "--hidden"\n');
    // Without "start minimised", the same file loses the switch.
    applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
    expect(readFileSync(file, 'utf8')).toContain('\nExec="/opt/Parley/parley"\n');
    applyLoginItem({ startAtLogin: false, startHidden: false }, sys);
    expect(existsSync(file)).toBe(false);
    // Turning off twice is fine; Electron's login items are never asked on Linux.
    applyLoginItem({ startAtLogin: false, startHidden: false }, sys);
    expect(calls).toEqual([]);
  });

  it('goes to ~/.config when XDG_CONFIG_HOME is unset or relative', () => {
    expect(autostartFile({}, '/home/ada')).toBe('/home/ada/.config/autostart/parley.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'cfg' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart/parley.desktop',
    );
    const { sys } = system('linux');
    applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
    expect(existsSync(join(sys.home, '.config/autostart/parley.desktop'))).toBe(true);
  });

  it('starts the AppImage itself when run from one, not its temporary mount', () => {
    const image = '/home/ada/Apps/Parley-0.1.0.AppImage';
    const { sys } = system('linux', {
      env: { APPIMAGE: image, APPDIR: '/tmp/.mount_ParleyX1' },
      execPath: '/tmp/.mount_ParleyX1/parley',
    });
    const done = applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
    expect(done).toMatchObject({ command: [image] });
  });

  it("ignores an AppImage's variables this process only inherited (not run from its mount)", () => {
    const inherited = { APPIMAGE: '/home/ada/Apps/Other.AppImage', APPDIR: '/tmp/.mount_Other' };
    for (const env of [
      inherited,
      { APPIMAGE: inherited.APPIMAGE },
      { ...inherited, APPDIR: 'x' },
    ]) {
      const { sys } = system('linux', { env, execPath: '/usr/lib/parley/parley' });
      const done = applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
      expect(done).toMatchObject({ command: ['/usr/lib/parley/parley'] });
    }
    // A folder whose name only begins like the mount's is not inside it.
    const { sys } = system('linux', { env: inherited, execPath: '/tmp/.mount_Other2/parley' });
    const done = applyLoginItem({ startAtLogin: true, startHidden: false }, sys);
    expect(done).toMatchObject({ command: ['/tmp/.mount_Other2/parley'] });
  });
});

describe('the Exec line quoting', () => {
  it('escapes what the Desktop Entry spec reserves, and refuses any control character', () => {
    expect(execArgument('/opt/My Apps/parley')).toBe('"/opt/My Apps/parley"');
    expect(execArgument('/a"b`c$d')).toBe('"/a\\\\"b\\\\`c\\\\$d"');
    // A literal backslash is four in the file, as the spec's own example says.
    expect(execArgument('/a\\b')).toBe('"/a\\\\\\\\b"');
    expect(execArgument('/100%/parley')).toBe('"/100%%/parley"');
    expect(() => execArgument('/a\nExec=rm -rf ~')).toThrow(/control character/);
    expect(() => autostartEntry(['/bin/x\r'])).toThrow(/control character/);
    for (const bad of ['\0', '\t', '\x1b[2J', '\x7f', '\x1f'])
      expect(() => execArgument(`/opt/a${bad}b`)).toThrow(/control character/);
    expect(execArgument('/opt/ünï cödé/~parley')).toBe('"/opt/ünï cödé/~parley"');
  });

  /**
   * The reading side of the spec, written from its text: undo the string escapes (`\\` → `\`),
   * then split on spaces outside quotes, unescaping inside them, and undo `%%`.
   */
  function readExec(line: string): string[] {
    const value = line.replace(/\\(.)/g, (_all, c: string) => (c === '\\' ? '\\' : `\\${c}`));
    const args: string[] = [];
    for (const [, quoted, bare] of value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
      args.push((quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '').replaceAll('%%', '%'));
    return args;
  }
  it('reads back as the same arguments, whatever the path holds', () => {
    for (const path of ['/opt/My "odd" $dir/par`ley', 'C:\\weird\\path', '/100% sure/p']) {
      const exec = autostartEntry([path, '--hidden']).match(/^Exec=(.*)$/m)?.[1] ?? '';
      expect(readExec(exec)).toEqual([path, '--hidden']);
    }
  });
});
