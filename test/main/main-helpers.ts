import { createServer } from 'node:net';
import { inviteLink } from '../../main/invite-link';
import type { LoginSystem } from '../../main/login-item';
import { messageLink } from '../../main/message-link';
import { FakeWebContents, app, ipcMain } from './fake-electron';

/*
 * Pieces several main-process tests share. They use the fake electron module directly: each test
 * file mocks 'electron' with it, so main's code and these helpers see the same `app` and `ipcMain`.
 */

/** A port free a moment ago (settings and hosting take a real port number, not 0). */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Undoes a test's wiring of main: stops the hosting it started (if any), drops the IPC handlers
 * and the app's listeners, so the next test registers its own without "already registered".
 */
export async function resetMain(host?: { stop(): Promise<unknown> }): Promise<void> {
  await host?.stop();
  ipcMain.handlers.clear();
  app.removeAllListeners();
}

/** The command line the link tests start the app with (a Linux install). */
export const ARGV = ['/usr/lib/parley/parley'];
/** The server the link tests' links point at. */
export const SERVER = 'https://192.168.1.20:4443';
/** A parley:// link to a message in room 7 of SERVER. */
export const linkTo = (messageId: number) =>
  messageLink({ serverUrl: SERVER, roomId: 7, messageId });
/** A parley:// invite to SERVER, valid for a minute from when the test file loaded. */
export const invite = inviteLink({
  serverUrl: SERVER,
  name: 'Guild',
  expiresAt: Date.now() + 60_000,
});

/**
 * The login system main sees on `platform`, its autostart folder under `config` (a temp dir of
 * the test's own), the OS's login items being the fake app's (recorded in `app.loginItemCalls`).
 */
export function loginSystem(platform: NodeJS.Platform, config: string): LoginSystem {
  return {
    platform,
    env: { XDG_CONFIG_HOME: config },
    home: '/nonexistent',
    execPath: '/opt/Parley/parley',
    appArgs: [],
    windowsStore: false,
    setLoginItemSettings: (s) => app.setLoginItemSettings(s as Record<string, unknown>),
    getLoginItemSettings: () => app.getLoginItemSettings(),
  };
}

/**
 * The app's own window (its page at app://parley), `own` listing it as main's handlers expect,
 * and `invoke` calling a handler as that page would; a handler missing resolves to undefined.
 */
export function appWindow() {
  const ours = new FakeWebContents();
  const own = () => [ours as never];
  const fromApp = { sender: ours, senderFrame: { url: 'app://parley/index.html', parent: null } };
  const invoke = (channel: string, ...args: unknown[]) =>
    Promise.resolve().then(() => ipcMain.handlers.get(channel)?.(fromApp, ...args));
  return { ours, own, invoke };
}
