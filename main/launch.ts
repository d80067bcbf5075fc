import { app } from 'electron';
import type { AppSettings } from './ipc-channels';
import { HIDDEN_FLAG } from './login-item';

/** What decides, at start, whether Parley opens its window. */
export interface LaunchFacts {
  /** The command line (`process.argv`). */
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** macOS only: macOS says it opened the app as a login item. */
  openedAtLogin: boolean;
  app: Pick<AppSettings, 'startHidden'>;
}

/** What to do at start. Hosting is not part of it: see {@link launchPlan}. */
export interface LaunchPlan {
  /** Open the window now; otherwise Parley waits in the tray ("Show Parley"). */
  showWindow: boolean;
}

/**
 * Whether Parley starts with its window or in the tray. Hidden only when this start came from
 * sign-in (the `--hidden` switch the login item or autostart entry carries, or on macOS, where a
 * login item carries no arguments, macOS saying so) and the person still wants that now: a login
 * entry left from before "Start minimised" was turned off opens the window.
 *
 * Hosting's "start hosting when Parley starts" does not depend on this: `setupHost` starts the
 * server from the settings alone, before and whether or not any window exists (its status goes
 * to the tray; broadcasting to no window is a no-op), so a host machine serves its team after a
 * reboot without anyone opening the window.
 */
export function launchPlan(facts: LaunchFacts): LaunchPlan {
  const fromLogin =
    facts.argv.includes(HIDDEN_FLAG) || (facts.platform === 'darwin' && facts.openedAtLogin);
  return { showWindow: !(fromLogin && facts.app.startHidden) };
}

/** This start's facts, from Electron and the process. */
export function launchFacts(settings: Pick<AppSettings, 'startHidden'>): LaunchFacts {
  // getLoginItemSettings exists on macOS and Windows only; Windows is told by the switch.
  const openedAtLogin =
    process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  return { argv: process.argv, platform: process.platform, openedAtLogin, app: settings };
}
