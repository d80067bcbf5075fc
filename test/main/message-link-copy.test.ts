import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostController } from '../../main/host/host-controller';
import type { HostStatus } from '../../main/ipc-channels';
import { parseMessageLink } from '../../main/message-link';
import { SettingsStore } from '../../main/settings';
import { setupContextMenu } from '../../main/setup-context-menu';
import { tempDir } from '../server/helpers';
import { BrowserWindow, Menu, app, clipboard, ipcMain } from './fake-electron';
import { forkLauncher } from './fork-launcher';

vi.mock('electron', () => import('./fake-electron'));

type Item = { label?: string; click?: () => void };

// One real hosted server, for the LAN (TLS, its LAN addresses), shared by the tests.
let hosting: HostController;
let status: HostStatus;
let local: string;
beforeAll(async () => {
  hosting = new HostController(forkLauncher(), () => undefined);
  status = await hosting.start({
    dataDir: tempDir(),
    name: 'Desk',
    port: 0,
    reach: 'lan',
    registration: 'invite',
  });
  local = new URL(status.urls.find((url) => url.includes('127.0.0.1')) ?? '').origin;
}, 30_000);
afterAll(() => hosting.stop());

let window: BrowserWindow;
let logged: string[];
/** The menu wired with this host; the owner's own server saved as they reach it. */
function wire(host: HostController, saved: string[]) {
  const settings = new SettingsStore(`${tempDir()}/settings.json`);
  for (const url of saved) settings.addServer({ name: 'Desk', url });
  logged = [];
  const own = () => [window.webContents as never];
  setupContextMenu({ own, settings, host, log: (message) => logged.push(message) });
  return settings;
}
beforeEach(() => {
  ipcMain.handlers.clear();
  app.removeAllListeners();
  Menu.built = [];
  clipboard.texts = [];
  window = new BrowserWindow({});
});

const fromApp = () => ({
  sender: window.webContents,
  senderFrame: { url: 'app://parley/index.html', parent: null },
});
const invoke = (channel: string, ...args: unknown[]) =>
  Promise.resolve(ipcMain.handlers.get(channel)?.(fromApp(), ...args));
const menuItems = () => (Menu.built.at(-1)?.template ?? []) as Item[];
const copyItem = () => menuItems().find((item) => item.label === 'Copy message link');

describe('Copy message link of the server hosted here', () => {
  it('names its LAN address, as an invite does, never 127.0.0.1', async () => {
    wire(hosting, [local]);
    const target = { serverUrl: local, roomId: 4, messageId: 9 };
    await invoke('message-link:copy', target);
    await invoke('menu:message', { target, selection: false });
    copyItem()?.click?.();
    expect(clipboard.texts).toHaveLength(2);
    for (const text of clipboard.texts) {
      const read = parseMessageLink(text);
      expect(read.ok && read.target.serverUrl).not.toContain('127.0.0.1');
      expect(status.urls.map((url) => new URL(url).origin)).toContain(
        read.ok && read.target.serverUrl,
      );
      expect(read).toMatchObject({ ok: true, target: { roomId: 4, messageId: 9 } });
    }
  });

  it('refuses, with why, a server nobody else can reach; the menu leaves the item out', async () => {
    // Not hosting (or hosting for this computer only): no LAN address exists.
    const idle = new HostController(forkLauncher(), () => undefined);
    wire(idle, ['http://127.0.0.1:4000']);
    const target = { serverUrl: 'http://127.0.0.1:4000', roomId: 1, messageId: 2 };
    await expect(invoke('message-link:copy', target)).rejects.toThrow(
      'This server is reachable from this computer only: host it for the LAN to share links to its messages.',
    );
    await invoke('menu:message', { target, selection: true });
    expect(menuItems().map((item) => item.label ?? 'role')).toEqual(['role']);

    // Hosting for the LAN, a loopback server on another port is not the hosted one.
    ipcMain.handlers.clear();
    wire(hosting, ['http://127.0.0.1:1']);
    const other = { ...target, serverUrl: 'http://127.0.0.1:1' };
    await expect(invoke('message-link:copy', other)).rejects.toThrow(/this computer only/);
    expect(clipboard.texts).toEqual([]);
  });
});

it('a menu click that fails (the server removed while the menu was open) is logged, not thrown', async () => {
  const settings = wire(hosting, ['https://192.168.1.20:4443']);
  await invoke('menu:message', {
    target: { serverUrl: 'https://192.168.1.20:4443', roomId: 1, messageId: 1 },
    selection: false,
  });
  settings.removeServer('https://192.168.1.20:4443');
  expect(() => copyItem()?.click?.()).not.toThrow();
  expect(clipboard.texts).toEqual([]);
  expect(logged).toEqual([expect.stringMatching(/copy message link failed.*Not a saved server/)]);
});
