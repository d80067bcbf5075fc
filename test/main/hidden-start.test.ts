import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { HostController } from '../../main/host/host-controller';
import { setupHost } from '../../main/host/setup-host';
import type { HostStatus } from '../../main/ipc-channels';
import { launchPlan } from '../../main/launch';
import { DEFAULT_HOST, SettingsStore } from '../../main/settings';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, app, ipcMain, utilityProcess } from './fake-electron';
import { HOST_ENTRY } from './fork-launcher';

vi.mock('electron', () => import('./fake-electron'));

let host: HostController | undefined;
afterEach(async () => {
  await host?.stop();
  ipcMain.handlers.clear();
  app.removeAllListeners();
});

/** A port free a moment ago (the settings file takes a real port number, not 0). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

it('started at sign-in in the tray, a host machine serves its team with no window open', async () => {
  app.paths.userData = tempDir();
  const settings = new SettingsStore(join(app.paths.userData, 'settings.json'));
  const port = await freePort();
  settings.update((s) => ({
    ...s,
    host: { ...DEFAULT_HOST, name: 'Office', port, autoStart: true },
    app: { ...s.app, startAtLogin: true, startHidden: true },
  }));

  // index.ts's order: the plan, the windows (none shown), then hosting.
  const plan = launchPlan({
    argv: ['/opt/Parley/parley', '--hidden'],
    platform: 'linux',
    openedAtLogin: false,
    app: settings.get().app,
  });
  expect(plan.showWindow).toBe(false);
  const windowsBefore = BrowserWindow.created.length;
  const windows = new Windows(settings, { preload: '/nonexistent/preload.cjs', icon: '' });
  if (plan.showWindow) windows.show();

  const statuses: HostStatus[] = [];
  host = setupHost({
    settings,
    own: windows.contents,
    entry: HOST_ENTRY,
    webRoot: tempDir(),
    onStatus: (status) => statuses.push(status),
  });
  await vi.waitUntil(() => host?.getStatus().state === 'running', { timeout: 15_000 });
  expect(utilityProcess.forked).toContain(HOST_ENTRY);
  // The tray heard it (its menu offers "Show Parley"), and still no window was made.
  expect(statuses.at(-1)?.state).toBe('running');
  expect(BrowserWindow.created.length).toBe(windowsBefore);

  // The team reaches it: the server answers on the port the settings name.
  const info = await fetch(`http://127.0.0.1:${port}/api/info`);
  expect(info.ok).toBe(true);
  expect(await info.json()).toMatchObject({ name: 'Office' });
});
