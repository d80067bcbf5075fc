import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contextMenuTemplate, paramsInput, type MenuActions } from '../../main/context-menu';
import { HostController } from '../../main/host/host-controller';
import { SettingsStore } from '../../main/settings';
import { setupContextMenu } from '../../main/setup-context-menu';
import { tempDir } from '../server/helpers';
import {
  BrowserWindow,
  FakeWebContents,
  Menu,
  app,
  clipboard,
  ipcMain,
  session,
  shell,
} from './fake-electron';
import { forkLauncher } from './fork-launcher';

vi.mock('electron', () => import('./fake-electron'));

type Item = Record<string, unknown> & { click?: () => void };
const SERVER = 'http://192.168.1.20:4000';
const target = { serverUrl: SERVER, roomId: 3, messageId: 42 };
const LINK = 'parley://open?server=http%3A%2F%2F192.168.1.20%3A4000&room=3&message=42';

/** Chromium's params for a right-click, plain text by default; a test changes what it needs. */
function params(change: Record<string, unknown> = {}) {
  return {
    x: 120,
    y: 80,
    frame: null,
    isEditable: false,
    misspelledWord: '',
    dictionarySuggestions: [],
    selectionText: '',
    linkURL: '',
    mediaType: 'none',
    menuSourceType: 'mouse',
    editFlags: { canCut: false, canCopy: false, canPaste: false, canSelectAll: false },
    ...change,
  };
}

let window: BrowserWindow;
beforeEach(() => {
  ipcMain.handlers.clear();
  app.removeAllListeners();
  Menu.built = [];
  clipboard.texts = [];
  shell.opened = [];
  session.defaultSession.words = [];
  const settings = new SettingsStore(`${tempDir()}/settings.json`);
  settings.addServer({ name: 'Office', url: SERVER });
  // Not hosting: the saved server is another computer's, given as saved.
  const host = new HostController(forkLauncher(), () => undefined);
  setupContextMenu({ own: () => [window.webContents as never], settings, host });
  window = new BrowserWindow({});
  app.emit('web-contents-created', {}, window.webContents);
});

/** Right-clicks the page: the menu main popped up (its items), or undefined when none. */
function rightClick(change: Record<string, unknown>, contents = window.webContents) {
  const before = Menu.built.length;
  contents.emit('context-menu', { preventDefault() {} }, params(change));
  const menu = Menu.built.length > before ? Menu.built.at(-1) : undefined;
  return menu?.template as Item[] | undefined;
}
const fromApp = () => ({
  sender: window.webContents,
  senderFrame: { url: 'app://parley/index.html', parent: null },
});
const invoke = (channel: string, ...args: unknown[]) =>
  Promise.resolve(ipcMain.handlers.get(channel)?.(fromApp(), ...args));
const labels = (items: Item[] | undefined) =>
  (items ?? []).map((item) => item.label ?? item.role ?? item.type);
const byLabel = (items: Item[] | undefined, label: string) =>
  items?.find((item) => item.label === label);

describe('the right-click menu of the page (Chromium context-menu)', () => {
  it('a misspelling in a text field: five suggestions, add to dictionary, the edit roles', () => {
    const items = rightClick({
      isEditable: true,
      misspelledWord: 'helo',
      dictionarySuggestions: ['hello', 'help', 'hero', 'helot', 'halo', 'hell'],
      formControlType: 'text-area',
      editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
    });
    expect(labels(items)).toEqual(
      ['hello', 'help', 'hero', 'helot', 'halo', 'Add to dictionary', 'separator'].concat([
        'cut',
        'copy',
        'paste',
        'selectAll',
      ]),
    );
    // Roles, so the labels and shortcuts are the platform's; enabled as Chromium says.
    expect(items?.filter((item) => item.role).map((item) => item.enabled)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    byLabel(items, 'help')?.click?.();
    byLabel(items, 'Add to dictionary')?.click?.();
    expect(window.webContents.edits).toContainEqual(['replaceMisspelling', 'help']);
    expect(session.defaultSession.words).toEqual(['helo']);
    expect(Menu.built.at(-1)?.popups).toEqual([{ window, sourceType: 'mouse' }]);
  });

  it('a misspelling without suggestions says so', () => {
    const items = rightClick({ isEditable: true, misspelledWord: 'qzx' });
    expect(labels(items).slice(0, 2)).toEqual(['No suggestions', 'Add to dictionary']);
    expect(byLabel(items, 'No suggestions')?.enabled).toBe(false);
  });

  it('an http(s) link: open (system browser) and copy; nothing else', () => {
    const items = rightClick({ linkURL: 'https://example.org/a?b=1', linkText: 'a' });
    expect(labels(items)).toEqual(['Open link', 'Copy link']);
    byLabel(items, 'Open link')?.click?.();
    byLabel(items, 'Copy link')?.click?.();
    expect(shell.opened).toEqual(['https://example.org/a?b=1']);
    expect(clipboard.texts).toEqual(['https://example.org/a?b=1']);
  });

  it('a javascript:, file: or data: link is never offered, so never opened', () => {
    for (const linkURL of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x'])
      expect(rightClick({ linkURL, selectionText: 'x' })?.map((i) => i.role)).toEqual(['copy']);
    expect(shell.opened).toEqual([]);
  });

  it('an image: Copy image at the pointer; no Save image, no Inspect, no web search', () => {
    const items = rightClick({ mediaType: 'image', srcURL: 'blob:app://parley/1' });
    expect(labels(items)).toEqual(['Copy image']);
    byLabel(items, 'Copy image')?.click?.();
    expect(window.webContents.edits).toContainEqual(['copyImageAt', 120, 80]);
  });

  it('no menu where there is nothing to offer, nor in a webContents not ours', () => {
    expect(rightClick({})).toBeUndefined();
    const stranger = new FakeWebContents();
    app.emit('web-contents-created', {}, stranger);
    expect(rightClick({ selectionText: 'secret' }, stranger)).toBeUndefined();
  });
});

describe('the message menu (menu:message) and message-link:copy', () => {
  it('with a selection and a link: Copy, the link items, Copy message link', async () => {
    const request = { target, selection: true, linkUrl: 'http://example.org/' };
    await invoke('menu:message', request);
    const menu = Menu.built.at(-1);
    const items = menu?.template as Item[];
    expect(labels(items)).toEqual([
      'copy',
      'separator',
      'Open link',
      'Copy link',
      'separator',
      'Copy message link',
      'Copy web link',
    ]);
    expect(menu?.popups).toEqual([{ window }]);
    byLabel(items, 'Copy message link')?.click?.();
    byLabel(items, 'Copy web link')?.click?.();
    expect(clipboard.texts).toEqual([LINK, `${SERVER}/#room=3&message=42`]);
  });

  it('from the keyboard: the menu opens where the renderer says (the focused row)', async () => {
    await invoke('menu:message', { target, selection: false, x: 40, y: 300 });
    expect(Menu.built.at(-1)?.popups).toEqual([{ window, x: 40, y: 300 }]);
    for (const at of [
      { x: -1, y: 3 },
      { x: 1.5, y: 3 },
      { x: 1, y: 1e9 },
      { x: '1', y: 3 },
    ])
      await expect(invoke('menu:message', { target, selection: false, ...at })).rejects.toThrow(
        /invalid arguments/,
      );
  });

  it('without a selection: only the message links; a javascript: link is left out', async () => {
    await invoke('menu:message', { target, selection: false, linkUrl: 'javascript:alert(1)' });
    expect(labels(Menu.built.at(-1)?.template as Item[])).toEqual([
      'Copy message link',
      'Copy web link',
    ]);
  });

  it('copies a message link straight from the toolbar', async () => {
    await invoke('message-link:copy', target);
    expect(clipboard.texts).toEqual([LINK]);
  });

  it('refuses a server that is not saved, and anything the schema does not take', async () => {
    const stranger = { ...target, serverUrl: 'http://10.6.6.6:4000' };
    await expect(invoke('menu:message', { target: stranger, selection: false })).rejects.toThrow(
      /saved server/,
    );
    await expect(invoke('message-link:copy', stranger)).rejects.toThrow(/saved server/);
    await expect(invoke('message-link:copy', { ...target, roomId: -1 })).rejects.toThrow(
      /invalid arguments/,
    );
    expect(Menu.built).toEqual([]);
    expect(clipboard.texts).toEqual([]);
  });
});

it('the template itself: nothing but our items, whatever the input', () => {
  const actions = { copyImage: () => undefined } as unknown as MenuActions;
  const everything = paramsInput(
    params({
      isEditable: true,
      misspelledWord: 'x',
      selectionText: 'x',
      linkURL: 'https://example.org/',
      mediaType: 'image',
    }) as never,
  );
  const shown = labels(contextMenuTemplate({ ...everything, message: target }, actions) as Item[]);
  expect(shown.join(' ')).not.toMatch(/inspect|search|google|save|look up|address/i);
  expect(shown.filter((label) => label === 'separator')).toHaveLength(4);
});
