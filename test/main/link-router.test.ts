import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLinkRouter } from '../../main/link-router';
import { SettingsStore } from '../../main/settings';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, app, ipcMain } from './fake-electron';
import { ARGV, SERVER, invite, linkTo, resetMain } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

afterEach(() => resetMain());

const openUrl = (link: string) => app.emit('open-url', { preventDefault: () => undefined }, link);
const secondInstance = (link: string) => app.emit('second-instance', {}, [...ARGV, link]);

/** Calls an IPC handler as the app's own window. */
function invoke(channel: string): Promise<any> {
  const contents = BrowserWindow.created.at(-1)?.webContents;
  const event = { sender: contents, senderFrame: { url: 'app://parley/index.html', parent: null } };
  return ipcMain.handlers.get(channel)?.(event) as Promise<any>;
}

/** The page mounted: it asked for both kinds of waiting link (nothing waited). */
async function listening() {
  expect(await invoke('invite:pending')).toBeNull();
  expect(await invoke('message-link:pending')).toBeNull();
}

/** The real window manager, its window opened, and how often it was brought forward. */
function openWindow() {
  const windows = new Windows(new SettingsStore(`${tempDir()}/settings.json`), {
    preload: '/p.cjs',
    icon: '/i.png',
  });
  windows.show();
  const shown = vi.spyOn(windows, 'show');
  const sent = (channel: string) =>
    (BrowserWindow.created.at(-1)?.webContents.sent ?? [])
      .filter(([name]) => name === channel)
      .map(([, result]) => result);
  return { windows, shown, sent };
}

describe('parley:// link routing', () => {
  it('a message link the app was started with waits for the page, once, apart from invites', async () => {
    const router = createLinkRouter([...ARGV, linkTo(11)]);
    router.listen();
    // macOS: an invite comes as open-url before the app is ready; it does not replace the link.
    openUrl(invite);
    const { windows } = openWindow();
    router.start({ own: windows.contents, windows });
    expect(app.protocols).toContain('parley');

    expect(await invoke('message-link:pending')).toEqual({
      ok: true,
      target: { serverUrl: SERVER, roomId: 7, messageId: 11 },
    });
    expect(await invoke('message-link:pending')).toBeNull();
    expect(await invoke('invite:pending')).toMatchObject({ ok: true, invite: { name: 'Guild' } });
    expect(await invoke('invite:pending')).toBeNull();
  });

  it('while the app runs, a link brings the window forward and goes to the page', async () => {
    const router = createLinkRouter(ARGV);
    router.listen();
    const { windows, shown, sent } = openWindow();
    router.start({ own: windows.contents, windows });
    await listening();

    openUrl(linkTo(21));
    secondInstance(linkTo(22));
    secondInstance(invite);
    expect(shown).toHaveBeenCalledTimes(3);
    expect(sent('message-link:open')).toEqual([
      { ok: true, target: { serverUrl: SERVER, roomId: 7, messageId: 21 } },
      { ok: true, target: { serverUrl: SERVER, roomId: 7, messageId: 22 } },
    ]);
    expect(sent('invite:open')).toHaveLength(1);
    // Sent, so nothing is left waiting for the page.
    expect(await invoke('message-link:pending')).toBeNull();
  });

  it('a hostile message link reaches the page as refused, with why; never as a target', async () => {
    const router = createLinkRouter(ARGV);
    router.listen();
    const { windows, shown, sent } = openWindow();
    router.start({ own: windows.contents, windows });
    await listening();

    openUrl('parley://open?server=javascript:alert(1)&room=1&message=2');
    openUrl(`${linkTo(3)}&token=stolen`);
    expect(shown).toHaveBeenCalledTimes(2);
    expect(sent('message-link:open')).toEqual([
      { ok: false, message: expect.stringMatching(/not a valid http\(s\) address/) },
      { ok: false, message: expect.stringMatching(/does not know \(token\)/) },
    ]);
    // An unknown parley:// link is refused by the invite parser, not dropped.
    openUrl('parley://wipe?all=1');
    expect(sent('invite:open')).toEqual([{ ok: false, message: expect.any(String) }]);
  });

  it('a link that comes while the window is only opening waits for its page to ask', async () => {
    const router = createLinkRouter(ARGV);
    router.listen();
    const windows = new Windows(new SettingsStore(`${tempDir()}/settings.json`), {
      preload: '/p.cjs',
      icon: '/i.png',
    });
    router.start({ own: windows.contents, windows });
    expect(windows.contents()).toHaveLength(0);

    secondInstance(linkTo(31));
    // The link opened the window; its page had no listener yet, so nothing was sent to it.
    const contents = BrowserWindow.created.at(-1)?.webContents;
    expect(windows.contents()).toEqual([contents]);
    expect(contents?.sent).toEqual([]);
    expect(await invoke('message-link:pending')).toMatchObject({ target: { messageId: 31 } });
  });
});
