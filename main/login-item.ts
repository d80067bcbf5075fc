import { isAbsolute, relative } from 'node:path';
import type { Settings as LoginSettings } from 'electron';
import type { AppSettings } from './ipc-channels';
import { autostartFile, removeAutostart, writeAutostart } from './xdg-autostart';

/** The switch a login launch carries when the person asked to start in the tray. */
export const HIDDEN_FLAG = '--hidden';

/** What starting at sign-in depends on, injected so that every platform's path can be tested. */
export interface LoginSystem {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** The program to start: `process.execPath`. */
  execPath: string;
  /** Arguments before ours: the app's folder when run from source (`electron .`), else none. */
  appArgs: readonly string[];
  /** A Microsoft Store (AppX) build, where only the package's own StartupTask may do this. */
  windowsStore: boolean;
  /** Electron's `app.setLoginItemSettings` (Windows and macOS; nothing on Linux). */
  setLoginItemSettings: (settings: LoginSettings) => void;
  /** Electron's `app.getLoginItemSettings` (Windows and macOS): is the login item on now? */
  getLoginItemSettings: () => { openAtLogin: boolean };
}

/** The platforms whose desktops read XDG autostart entries. */
const XDG_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'freebsd', 'openbsd', 'netbsd'];

/** Whether this system offers a way to start Parley at sign-in. */
export function loginItemSupported(system: Pick<LoginSystem, 'platform' | 'windowsStore'>) {
  if (system.platform === 'win32') return !system.windowsStore;
  return system.platform === 'darwin' || XDG_PLATFORMS.includes(system.platform);
}

/** How the change was made: what a test (and the log) can check. */
export type LoginItemAction =
  | { kind: 'login-item'; settings: LoginSettings }
  | { kind: 'autostart-written'; file: string; command: string[] }
  | { kind: 'autostart-removed'; file: string }
  /** Nothing asked of the OS: what it has is left as it is. */
  | { kind: 'left' }
  | { kind: 'unsupported' };

/**
 * An AppImage's `execPath` is inside a mount that is gone after the run: the program to start
 * is `$APPIMAGE`, but only when this process does run from that image (its `execPath` under
 * `$APPDIR`). A deb or tar install started from a terminal that another AppImage opened inherits
 * that image's variables, and would otherwise start *that* program at sign-in.
 */
function appImageOf(system: Pick<LoginSystem, 'env' | 'execPath'>): string | undefined {
  const { APPIMAGE: image, APPDIR: dir } = system.env;
  if (!image || !dir || !isAbsolute(dir)) return undefined;
  const inside = relative(dir, system.execPath);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? image : undefined;
}

/**
 * One argument of the Windows Run value. Electron joins them with spaces, and Windows splits
 * them again by CommandLineToArgvW's rules: quoted (a path may hold spaces), and backslashes
 * just before the closing quote doubled, or `C:\src\` would end in `\"` and swallow the quote.
 * (A Windows path cannot hold `"` itself.)
 */
const windowsArgument = (arg: string) => `"${arg.replace(/\\+$/, '$&$&')}"`;

/**
 * Makes the system start Parley at sign-in, or no longer, as `wanted` says.
 *
 * - Windows: the Run registry value, with `--hidden` when the person wants the tray only (the
 *   value is rewritten whole, so turning "start minimised" off drops the flag).
 * - macOS: a login item (SMAppService). Electron 45 has no `openAsHidden` any more, and a login
 *   item carries no arguments; `launch.ts` asks macOS whether the app was opened at login.
 * - Linux and the BSDs: the XDG autostart entry, written or removed; an AppImage's entry
 *   starts the image itself (see `appImageOf`).
 *
 * Only for an explicit change from the Settings dialog: at start, see {@link loginItemAtStart}.
 */
export function applyLoginItem(
  wanted: Pick<AppSettings, 'startAtLogin' | 'startHidden'>,
  system: LoginSystem,
): LoginItemAction {
  const hidden = wanted.startAtLogin && wanted.startHidden ? [HIDDEN_FLAG] : [];
  if (!loginItemSupported(system)) return { kind: 'unsupported' };
  if (system.platform === 'win32') {
    // An explicit "on" is the person's say-so: it also re-approves an entry that Task Manager
    // had disabled (`enabled`, Electron's default, stated here on purpose).
    const settings = {
      openAtLogin: wanted.startAtLogin,
      path: system.execPath,
      args: [...system.appArgs.map(windowsArgument), ...hidden],
      ...(wanted.startAtLogin && { enabled: true }),
    };
    system.setLoginItemSettings(settings);
    return { kind: 'login-item', settings };
  }
  if (system.platform === 'darwin') {
    const settings = { openAtLogin: wanted.startAtLogin };
    system.setLoginItemSettings(settings);
    return { kind: 'login-item', settings };
  }
  const file = autostartFile(system.env, system.home);
  if (!wanted.startAtLogin) {
    removeAutostart(file);
    return { kind: 'autostart-removed', file };
  }
  const program = appImageOf(system) ?? system.execPath;
  const command = [program, ...system.appArgs, ...hidden];
  writeAutostart(file, command);
  return { kind: 'autostart-written', file, command };
}

/**
 * At start: the OS's entry belongs to the person as much as to Parley (they may have switched it
 * off in Task Manager's Startup tab, System Settings' Login Items or their desktop's startup
 * list, or edited the autostart file), so nothing is written or re-enabled here, ever. An entry
 * the settings (or the policy) say must be off is removed: that is what the person or their
 * organisation asked for, possibly while the app was closed.
 */
export function loginItemAtStart(
  wanted: Pick<AppSettings, 'startAtLogin'>,
  system: LoginSystem,
): LoginItemAction {
  if (!loginItemSupported(system)) return { kind: 'unsupported' };
  if (wanted.startAtLogin) return { kind: 'left' };
  // macOS logs an error for unregistering what is not registered: ask first.
  if (system.platform === 'darwin' && !system.getLoginItemSettings().openAtLogin)
    return { kind: 'left' };
  return applyLoginItem({ startAtLogin: false, startHidden: false }, system);
}
