import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY } from '../../main/app-origin';
import type { HostController } from '../../main/host/host-controller';
import { setupHost } from '../../main/host/setup-host';
import type { HostStatus } from '../../main/ipc-channels';
import { launchFacts, setupLaunch } from '../../main/launch';
import { NO_POLICY } from '../../main/policy-state';
import { DEFAULT_HOST, SettingsStore } from '../../main/settings';
import { setupTray } from '../../main/tray';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, Tray, app, utilityProcess } from './fake-electron';
import { HOST_ENTRY } from './fork-launcher';
import { freePort, resetMain } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

let host: HostController | undefined;
afterEach(async () => {
  await resetMain(host);
  host = undefined;
});

const LOGIN_ARGV = ['/opt/Parley/parley', '--hidden'];
type Item = { label?: string; click?: () => void };

/**
 * index.ts's start, from the settings on: the windows, the tray with "Show Parley", and
 * setupLaunch with this start's facts (a Linux start with the given command line).
 */
function start(settings: SettingsStore, argv: string[]) {
  const windows = new Windows(settings, { preload: '/nonexistent/preload.cjs', icon: '' });
  const showTrayStatus = setupTray({ icon: '', onShow: () => windows.show(), onQuit: () => {} });
  const before = BrowserWindow.created.length;
  const plan = setupLaunch(windows, launchFacts(settings.get().app, { argv, platform: 'linux' }));
  const made = BrowserWindow.created.slice(before);
  const tray = Tray.created.at(-1);
  const showParley = () =>
    (tray?.menu?.template as Item[]).find((item) => item.label === 'Show Parley')?.click?.();
  return { windows, plan, made, showParley, showTrayStatus };
}

function settingsWith(prefs: { startAtLogin: boolean; startHidden: boolean }) {
  const settings = new SettingsStore(join(tempDir(), 'settings.json'));
  settings.update((s) => ({ ...s, app: { ...s.app, ...prefs } }));
  return settings;
}

describe('a start at sign-in with "start minimised"', () => {
  it('makes the window hidden, its page running, until "Show Parley"; a later --hidden start leaves it', () => {
    const settings = settingsWith({ startAtLogin: true, startHidden: true });
    settings.update((s) => ({ ...s, window: { width: 900, height: 700, maximized: true } }));
    const { windows, plan, made, showParley } = start(settings, LOGIN_ARGV);
    expect(plan.showWindow).toBe(false);
    // One window, made hidden, its page loading: server sessions, notifications and the badge
    // run in it. Chromium's first paint does not show it.
    expect(made).toHaveLength(1);
    const [window] = made;
    expect(window?.options.show).toBe(false);
    expect(window?.loaded).toBe(APP_ENTRY);
    expect(windows.contents()).toEqual([window?.webContents]);
    window?.emit('ready-to-show');
    expect(window?.visible).toBe(false);
    // maximize() would show it: a window left maximised is maximised when it is shown.
    expect(window?.maximizeAsked).toBe(false);

    // The sign-in entry firing again while Parley runs: still hidden.
    app.emit('second-instance', {}, LOGIN_ARGV);
    expect(window?.visible).toBe(false);
    showParley();
    expect(window?.visible).toBe(true);
    expect(window?.maximizeAsked).toBe(true);
    expect(BrowserWindow.created.at(-1)).toBe(window);
  });

  it('without the switch, or with "start minimised" off, the window shows when painted', () => {
    for (const [argv, startHidden] of [
      [['/opt/Parley/parley'], true],
      [LOGIN_ARGV, false],
    ] as const) {
      const { made } = start(settingsWith({ startAtLogin: true, startHidden }), [...argv]);
      expect(made).toHaveLength(1);
      expect(made[0]?.visible).toBe(false);
      made[0]?.emit('ready-to-show');
      expect(made[0]?.visible).toBe(true);
      app.removeAllListeners();
    }
  });

  it('a plain second start shows a hidden window', () => {
    const { made } = start(settingsWith({ startAtLogin: true, startHidden: true }), LOGIN_ARGV);
    app.emit('second-instance', {}, ['/opt/Parley/parley']);
    expect(made[0]?.visible).toBe(true);
  });
});

it('started hidden, a host machine serves its team, and its status reaches the hidden page', async () => {
  app.paths.userData = tempDir();
  const settings = settingsWith({ startAtLogin: true, startHidden: true });
  const port = await freePort();
  settings.update((s) => ({
    ...s,
    host: { ...DEFAULT_HOST, name: 'Office', port, autoStart: true },
  }));

  const { windows, made, showTrayStatus } = start(settings, LOGIN_ARGV);
  const statuses: HostStatus[] = [];
  host = setupHost({
    settings,
    own: windows.contents,
    entry: HOST_ENTRY,
    webRoot: tempDir(),
    onStatus: (status) => {
      statuses.push(status);
      showTrayStatus(status);
    },
    policy: NO_POLICY,
  });
  await vi.waitUntil(() => host?.getStatus().state === 'running', { timeout: 15_000 });
  expect(utilityProcess.forked).toContain(HOST_ENTRY);
  expect(statuses.at(-1)?.state).toBe('running');
  // The tray says it, and so does the page that runs hidden.
  expect(Tray.created.at(-1)?.tooltip).toMatch(/Hosting at/);
  const sent = made[0]?.webContents.sent.filter(([channel]) => channel === 'host:status');
  expect(sent?.at(-1)?.[1]).toMatchObject({ state: 'running' });
  expect(made[0]?.visible).toBe(false);

  const info = await fetch(`http://127.0.0.1:${port}/api/info`);
  expect(info.ok).toBe(true);
  expect(await info.json()).toMatchObject({ name: 'Office' });
});
