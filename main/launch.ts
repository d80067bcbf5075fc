import { app } from 'electron';
import type { AppSettings } from './ipc-channels';
import { HIDDEN_FLAG } from './login-item';
import type { Windows } from './window';

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
  /**
   * Show the window now; otherwise it is made hidden (its page runs: sessions, notifications,
   * the badge) and Parley waits in the tray until "Show Parley".
   */
  showWindow: boolean;
}

/**
 * Whether Parley starts with its window shown or in the tray. Hidden only when this start came
 * from sign-in (the `--hidden` switch the login item or autostart entry carries, or on macOS,
 * where a login item carries no arguments, macOS saying so) and the person still wants that now:
 * a login entry left from before "Start minimised" was turned off opens the window.
 *
 * macOS is best-effort: since macOS 13 the login item is an SMAppService, and Apple offers no
 * reliable "opened at login" answer for it, so `wasOpenedAtLogin` may well be false and the
 * window then shows.
 *
 * Hosting's "start hosting when Parley starts" does not depend on this: `setupHost` starts the
 * server from the settings alone, whether or not the window is shown, so a host machine serves
 * its team after a reboot without anyone opening the window.
 */
export function launchPlan(facts: LaunchFacts): LaunchPlan {
  const fromLogin =
    facts.argv.includes(HIDDEN_FLAG) || (facts.platform === 'darwin' && facts.openedAtLogin);
  return { showWindow: !(fromLogin && facts.app.startHidden) };
}

/** This start's facts, from Electron and the process (`proc` replaceable for tests). */
export function launchFacts(
  settings: Pick<AppSettings, 'startHidden'>,
  proc: Pick<NodeJS.Process, 'argv' | 'platform'> = process,
): LaunchFacts {
  // getLoginItemSettings exists on macOS and Windows only; Windows is told by the switch.
  const openedAtLogin = proc.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  return { argv: proc.argv, platform: proc.platform, openedAtLogin, app: settings };
}

/**
 * The window at start, as the plan says: shown, or made hidden (a start in the tray). Then what
 * brings it forward later: another start of Parley (`second-instance`), unless that start
 * carries `--hidden`: the sign-in entry firing while Parley already runs must not pop the
 * window up; and macOS's dock icon (`activate`). The tray's "Show Parley" is `windows.show`.
 */
export function setupLaunch(
  windows: Pick<Windows, 'show' | 'openHidden'>,
  facts: LaunchFacts,
): LaunchPlan {
  const plan = launchPlan(facts);
  if (plan.showWindow) windows.show();
  else windows.openHidden();
  app.on('second-instance', (_event, argv: string[]) => {
    if (!argv.includes(HIDDEN_FLAG)) windows.show();
  });
  app.on('activate', () => windows.show());
  return plan;
}
