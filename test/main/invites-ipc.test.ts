import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostController } from '../../main/host/host-controller';
import { inviteLink, parseInvite } from '../../main/invite-link';
import { SettingsStore } from '../../main/settings';
import { createInvites } from '../../main/setup-invites';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, app, ipcMain } from './fake-electron';
import { forkLauncher } from './fork-launcher';
import { resetMain } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

let host: HostController | undefined;
afterEach(async () => {
  await resetMain(host);
  host = undefined;
});

const ARGV = ['/usr/lib/parley/parley'];
const linkTo = (name: string) =>
  inviteLink({ serverUrl: 'https://192.168.1.20:4443', name, expiresAt: Date.now() + 60_000 });
const openUrl = (link: string) => app.emit('open-url', { preventDefault: () => undefined }, link);

/** Calls an IPC handler as the app's own window. */
function invoke(channel: string, ...args: unknown[]): Promise<any> {
  const contents = BrowserWindow.created.at(-1)?.webContents;
  const event = { sender: contents, senderFrame: { url: 'app://parley/index.html', parent: null } };
  return ipcMain.handlers.get(channel)?.(event, ...args) as Promise<any>;
}

describe('invites from the desktop app', () => {
  it('an invite to the server this app hosts carries its LAN address and certificate', async () => {
    const settings = new SettingsStore(`${tempDir()}/settings.json`);
    settings.update((s) => ({ ...s, host: { ...s.host, name: 'Desk' } }));
    host = new HostController(forkLauncher(), () => undefined);
    const status = await host.start({
      dataDir: tempDir(),
      name: 'Desk',
      port: 0,
      reach: 'lan',
      registration: 'invite',
    });
    const windows = new Windows(settings, { preload: '/p.cjs', icon: '/i.png' });
    windows.show();
    createInvites(ARGV).start({ own: windows.contents, windows, settings, host });
    expect(app.protocols).toContain('parley');

    const local = status.urls.find((url) => url.includes('127.0.0.1')) ?? '';
    const expiresAt = Date.now() + 60_000;
    const made = await invoke('invite:make', {
      serverUrl: new URL(local).origin,
      code: 'abc123',
      expiresAt,
    });
    const parsed = parseInvite(made.text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.invite).toMatchObject({
      name: 'Desk',
      fingerprint: status.fingerprint,
      code: 'abc123',
    });
    // The owner reaches it on 127.0.0.1; the invite names an address others can use.
    expect(parsed.invite.serverUrl).not.toContain('127.0.0.1');
    expect(status.urls.map((url) => new URL(url).origin)).toContain(parsed.invite.serverUrl);
    expect(await invoke('invite:pending')).toBeNull();
  });

  it('a link from before the app is ready waits for the page; a later one is sent to it', async () => {
    const settings = new SettingsStore(`${tempDir()}/settings.json`);
    const invites = createInvites([...ARGV, linkTo('FromArgv')]);
    invites.listen();
    // macOS: the link that started the app comes as open-url, before the app is ready.
    openUrl(linkTo('Early'));
    const windows = new Windows(settings, { preload: '/p.cjs', icon: '/i.png' });
    windows.show();
    const notHosting = new HostController(forkLauncher(), () => undefined);
    invites.start({ own: windows.contents, windows, settings, host: notHosting });

    // Both waited: the newest is the answer, the older one went to the page just before it.
    const contents = BrowserWindow.created.at(-1)?.webContents;
    const names = () =>
      (contents?.sent ?? [])
        .filter(([channel]) => channel === 'invite:open')
        .map(([, result]) => (result as { invite: { name: string } }).invite.name);
    const early = await invoke('invite:pending');
    expect(early).toMatchObject({ ok: true, invite: { name: 'Early' } });
    expect(names()).toEqual(['FromArgv']);
    expect(await invoke('invite:pending')).toBeNull();

    // While the app runs: straight to the window, from open-url or a second instance's argv.
    openUrl(linkTo('Later'));
    app.emit('second-instance', {}, ['/usr/lib/parley/parley', linkTo('Second')]);
    expect(names()).toEqual(['FromArgv', 'Later', 'Second']);
    expect(await invoke('invite:pending')).toBeNull();
  });
});
