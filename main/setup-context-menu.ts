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
import type { HostController } from './host/host-controller';
import type { MessageTarget } from './ipc-channels';
import { handle, type OwnContents } from './ipc';
import { messageLink } from './message-link';
import { openExternalSafely } from './security';
import type { SettingsStore } from './settings';
import { shareable } from './shareable';

/** The menu's actions with every failure caught and logged: see {@link setupContextMenu}. */
function guarded(actions: MenuActions, log: (message: string) => void): MenuActions {
  const guard =
    <A extends unknown[]>(name: string, act: (...args: A) => unknown) =>
    (...args: A) => {
      const failed = (error: unknown) => log(`context menu: ${name} failed (${String(error)})`);
      try {
        const done = act(...args);
        if (done instanceof Promise) done.catch(failed);
      } catch (error) {
        failed(error);
      }
    };
  return {
    replaceMisspelling: guard('replace misspelling', actions.replaceMisspelling),
    addToDictionary: guard('add to dictionary', actions.addToDictionary),
    copyImage: guard('copy image', actions.copyImage),
    openLink: guard('open link', actions.openLink),
    copyText: guard('copy link', actions.copyText),
    copyMessageLink: guard('copy message link', actions.copyMessageLink),
    copyWebLink: guard('copy web link', actions.copyWebLink),
  };
}

/**
 * The right-click menu, wired. Two ways in:
 * - a message row: the renderer knows which message it is, cancels the page's `contextmenu` and
 *   asks for the menu over IPC (`menu:message`); a cancelled event never reaches main as
 *   `context-menu`, so the two never both show;
 * - everywhere else (the composer, inputs, images, other text): Chromium's `context-menu` event
 *   of our own windows, built from its params.
 * In the web client there is no bridge, and the browser's own menu stays.
 *
 * A menu item's click runs after the IPC call that showed the menu has answered, with nobody to
 * tell: what fails there (the server was removed while the menu was open) is caught and logged,
 * never an uncaught exception in main. The toolbar's "Copy link" (`message-link:copy`) does
 * throw, and the page says why.
 */
export function setupContextMenu(deps: {
  own: OwnContents;
  settings: SettingsStore;
  /** The hosting controller: a link to the server hosted here names its LAN address. */
  host: Pick<HostController, 'getStatus'>;
  log?: (message: string) => void;
}): void {
  const { own, settings, host } = deps;
  const log = deps.log ?? console.warn;

  // A message link names a server: only saved ones, as for downloads. The renderer is ours,
  // but it shows other people's text, and a link made here is pasted into other chats.
  const saved = (target: MessageTarget): MessageTarget => {
    if (!settings.get().servers.some((server) => server.url === target.serverUrl))
      throw new Error('Not a saved server');
    return target;
  };
  // The address other people use, as invites give it: never this computer's 127.0.0.1.
  const shared = (target: MessageTarget): MessageTarget => {
    const { serverUrl } = shareable(
      saved(target).serverUrl,
      settings,
      host,
      'share links to its messages',
    );
    return { ...target, serverUrl };
  };
  const linkOf = (target: MessageTarget) => messageLink(shared(target));
  const copyMessageLink = (target: MessageTarget) => clipboard.writeText(linkOf(target));
  // The same message for a browser: the web client's form (renderer/src/lib/message-link.ts).
  const copyWebLink = (target: MessageTarget) => {
    const { serverUrl, roomId, messageId } = shared(target);
    clipboard.writeText(`${new URL(serverUrl).origin}/#room=${roomId}&message=${messageId}`);
  };
  const linkable = (target: MessageTarget) => {
    try {
      linkOf(target);
      return true;
    } catch {
      return false;
    }
  };

  const actionsFor = (contents: WebContents, params?: ContextMenuParams): MenuActions =>
    guarded(
      {
        replaceMisspelling: (word) => contents.replaceMisspelling(word),
        addToDictionary: (word) => void contents.session.addWordToSpellCheckerDictionary(word),
        copyImage: () => params && contents.copyImageAt(params.x, params.y),
        openLink: (url) => void openExternalSafely(url),
        copyText: (text) => clipboard.writeText(text),
        copyMessageLink,
        copyWebLink,
      },
      log,
    );

  const popup = (
    template: MenuItemConstructorOptions[],
    contents: WebContents,
    params?: ContextMenuParams,
    at?: { x: number; y: number },
  ) => {
    if (template.length === 0) return;
    const window = BrowserWindow.fromWebContents(contents) ?? undefined;
    // The frame and source type let macOS add its own items (Writing Tools) and place the menu.
    Menu.buildFromTemplate(template).popup({
      window,
      ...(params?.frame && { frame: params.frame }),
      ...(params && { sourceType: params.menuSourceType }),
      // Where the keyboard asked for it (the focused row), not at the mouse pointer.
      ...at,
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
    // A server nobody else can reach has no link to give: the item is left out of the menu
    // (the toolbar's "Copy link" says why).
    const { message, ...input } = messageInput(request);
    const offered = message && linkable(message) ? { ...input, message } : input;
    const { x, y } = request;
    const at = x !== undefined && y !== undefined ? { x, y } : undefined;
    popup(contextMenuTemplate(offered, actionsFor(contents)), contents, undefined, at);
  });
  handle('message-link:copy', own, (target) => copyMessageLink(target));
}
