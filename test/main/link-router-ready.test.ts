import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WAITING_LINKS, createLinkRouter } from '../../main/link-router';
import { SettingsStore } from '../../main/settings';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, app, ipcMain } from './fake-electron';
import { ARGV, invite, linkTo, resetMain } from './main-helpers';

vi.mock('electron', () => import('./fake-electron'));

afterEach(() => resetMain());

const secondInstance = (link: string) => app.emit('second-instance', {}, [...ARGV, link]);
const page = () => BrowserWindow.created.at(-1)?.webContents;

/** Calls an IPC handler as the app's window's page (the newest window). */
function invoke(channel: string): Promise<any> {
  const event = { sender: page(), senderFrame: { url: 'app://parley/index.html', parent: null } };
  return ipcMain.handlers.get(channel)?.(event) as Promise<any>;
}
/** The message ids the newest page was sent as `message-link:open`. */
const sentIds = () =>
  (page()?.sent ?? [])
    .filter(([channel]) => channel === 'message-link:open')
    .map(([, result]) => (result as { target: { messageId: number } }).target.messageId);

/** The app's window open, its page loaded but not yet mounted (it has asked for nothing). */
function started(log: (message: string) => void = () => undefined) {
  const router = createLinkRouter(ARGV, log);
  router.listen();
  const windows = new Windows(new SettingsStore(`${tempDir()}/settings.json`), {
    preload: '/p.cjs',
    icon: '/i.png',
  });
  windows.show();
  router.start({ own: windows.contents, windows });
  return windows;
}

describe('links reach only a page that listens', () => {
  it('a page that has not asked yet is sent nothing: the link waits for its ask', async () => {
    started();
    secondInstance(linkTo(41));
    secondInstance(invite);
    expect(page()?.sent).toEqual([]);
    expect(await invoke('message-link:pending')).toMatchObject({ target: { messageId: 41 } });
    // Listening for message links says nothing of invites: that one still waits for its ask.
    secondInstance(linkTo(42));
    expect(sentIds()).toEqual([42]);
    expect(page()?.sent.filter(([channel]) => channel === 'invite:open')).toEqual([]);
    expect(await invoke('invite:pending')).toMatchObject({ ok: true, invite: { name: 'Guild' } });
  });

  it('a reload or a crash stops the sending until the new page asks; in-page moves do not', async () => {
    started();
    await invoke('message-link:pending');
    page()?.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    page()?.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    secondInstance(linkTo(1));
    expect(sentIds()).toEqual([1]);

    page()?.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    secondInstance(linkTo(2));
    expect(sentIds()).toEqual([1]);
    expect(await invoke('message-link:pending')).toMatchObject({ target: { messageId: 2 } });

    page()?.emit('render-process-gone', {}, { reason: 'crashed' });
    secondInstance(linkTo(3));
    expect(sentIds()).toEqual([1]);
    expect(await invoke('message-link:pending')).toMatchObject({ target: { messageId: 3 } });
  });

  it('a closed window: the link opens a new one and waits for its page', async () => {
    started();
    await invoke('message-link:pending');
    const old = BrowserWindow.created.at(-1);
    if (!old) throw new Error('no window');
    old.isDestroyed = () => true;
    old.webContents.destroy();
    secondInstance(linkTo(5));
    expect(old.webContents.sent).toEqual([]);
    expect(page()).not.toBe(old.webContents);
    expect(sentIds()).toEqual([]);
    expect(await invoke('message-link:pending')).toMatchObject({ target: { messageId: 5 } });
  });

  it(`waiting links come in order, the newest as the answer; past ${MAX_WAITING_LINKS} the oldest goes, logged`, async () => {
    const logged: string[] = [];
    started((message) => logged.push(message));
    for (let id = 51; id <= 57; id += 1) secondInstance(linkTo(id));
    expect(sentIds()).toEqual([]);
    const answer = await invoke('message-link:pending');
    // The earlier ones went as events while the page asked, before its answer.
    expect(sentIds()).toEqual([53, 54, 55, 56]);
    expect(answer).toMatchObject({ target: { messageId: 57 } });
    expect(logged).toEqual([
      expect.stringMatching(/oldest was dropped/),
      expect.stringMatching(/oldest was dropped/),
    ]);
    expect(await invoke('message-link:pending')).toBeNull();
  });
});
