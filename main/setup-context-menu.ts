import {
  app,
  BrowserWindow,
  clipboard,
  Menu,
  type ContextMenuParams,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import { contextMenuTemplate, messageInput, paramsInput, type MenuActions } from './context-menu';
import type { MessageTarget } from './ipc-channels';
import { handle, type OwnContents } from './ipc';
import { messageLink } from './message-link';
import { openExternalSafely } from './security';
import type { SettingsStore } from './settings';

/**
 * The right-click menu, wired. Two ways in:
 * - a message row: the renderer knows which message it is, cancels the page's `contextmenu` and
 *   asks for the menu over IPC (`menu:message`); a cancelled event never reaches main as
 *   `context-menu`, so the two never both show;
 * - everywhere else (the composer, inputs, images, other text): Chromium's `context-menu` event
 *   of our own windows, built from its params.
 * In the web client there is no bridge, and the browser's own menu stays.
 */
export function setupContextMenu(deps: { own: OwnContents; settings: SettingsStore }): void {
  const { own, settings } = deps;

  // A message link names a server: only saved ones, as for downloads. The renderer is ours,
  // but it shows other people's text, and a link made here is pasted into other chats.
  const saved = (target: MessageTarget): MessageTarget => {
    if (!settings.get().servers.some((server) => server.url === target.serverUrl))
      throw new Error('Not a saved server');
    return target;
  };
  const copyMessageLink = (target: MessageTarget) =>
    clipboard.writeText(messageLink(saved(target)));

  const actionsFor = (contents: WebContents, params?: ContextMenuParams): MenuActions => ({
    replaceMisspelling: (word) => contents.replaceMisspelling(word),
    addToDictionary: (word) => void contents.session.addWordToSpellCheckerDictionary(word),
    copyImage: () => params && contents.copyImageAt(params.x, params.y),
    openLink: (url) => void openExternalSafely(url),
    copyText: (text) => clipboard.writeText(text),
    copyMessageLink,
  });

  const popup = (
    template: MenuItemConstructorOptions[],
    contents: WebContents,
    params?: ContextMenuParams,
  ) => {
    if (template.length === 0) return;
    const window = BrowserWindow.fromWebContents(contents) ?? undefined;
    // The frame and source type let macOS add its own items (Writing Tools) and place the menu.
    Menu.buildFromTemplate(template).popup({
      window,
      ...(params?.frame && { frame: params.frame }),
      ...(params && { sourceType: params.menuSourceType }),
    });
  };

  app.on('web-contents-created', (_event, contents) => {
    contents.on('context-menu', (_menuEvent, params) => {
      // Our windows only (they show our pages: navigation elsewhere is stopped).
      if (!own().some((mine) => mine.id === contents.id)) return;
      const template = contextMenuTemplate(paramsInput(params), actionsFor(contents, params));
      popup(template, contents, params);
    });
  });

  handle('menu:message', own, (request) => {
    saved(request.target);
    // `handle` accepted the sender only if it is one of these; the app has one window.
    const contents = own().find((mine) => !mine.isDestroyed());
    if (!contents) return;
    popup(contextMenuTemplate(messageInput(request), actionsFor(contents)), contents);
  });
  handle('message-link:copy', own, (target) => copyMessageLink(target));
}
