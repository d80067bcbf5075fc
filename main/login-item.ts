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
  | { kind: 'unsupported' };

/**
 * Makes the system start Parley at sign-in, or no longer, as `wanted` says.
 *
 * - Windows: the Run registry value, with `--hidden` when the person wants the tray only (the
 *   value is rewritten whole, so turning "start minimised" off drops the flag).
 * - macOS: a login item (SMAppService). Electron 45 has no `openAsHidden` any more, and a login
 *   item carries no arguments; `launch.ts` asks macOS whether the app was opened at login.
 * - Linux and the BSDs: the XDG autostart entry, written or removed. `$APPIMAGE` is the program
 *   when set, since an AppImage's `execPath` is inside a mount that is gone after the run.
 */
export function applyLoginItem(
  wanted: Pick<AppSettings, 'startAtLogin' | 'startHidden'>,
  system: LoginSystem,
): LoginItemAction {
  const hidden = wanted.startAtLogin && wanted.startHidden ? [HIDDEN_FLAG] : [];
  if (!loginItemSupported(system)) return { kind: 'unsupported' };
  if (system.platform === 'win32') {
    // Electron writes `"path" args…` joined by spaces: an argument with spaces needs quotes.
    const appArgs = system.appArgs.map((arg) => `"${arg}"`);
    const settings = {
      openAtLogin: wanted.startAtLogin,
      path: system.execPath,
      args: [...appArgs, ...hidden],
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
  const program = system.env.APPIMAGE || system.execPath;
  const command = [program, ...system.appArgs, ...hidden];
  writeAutostart(file, command);
  return { kind: 'autostart-written', file, command };
}
