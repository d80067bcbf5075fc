/**
 * The right-click menu, as a pure function of what was clicked: {@link contextMenuTemplate}.
 *
 * Why not electron-context-menu (5.1, the maintained library)? It hears only Chromium's
 * `context-menu` event, whose params say nothing about which message was clicked, so "Copy
 * message link" would need the renderer anyway (or main running script in the page). Its "Copy
 * Link" copies any link but file: (javascript: and data: included), so it had to be replaced.
 * Inspect Element (on while unpackaged), Search with Google and Look Up had to be switched off,
 * and it bundles electron-dl for Save Image even with that off (our downloads cancel what they
 * did not start). Its items carry their own labels instead of Electron's roles. It is ESM-only
 * with `engines.node >= 24`: esbuild does bundle it into our CJS main (tried), but as 22
 * packages, about 300 KB, for what these 100 lines do. Here every item is ours, and the
 * template is testable without Electron.
 */
import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';
import { isExternalLink } from './app-origin';
import type { MessageMenuRequest, MessageTarget } from './ipc-channels';

/** At most this many spelling suggestions, as Chromium's own menu shows. */
const MAX_SUGGESTIONS = 5;

/** What the menu depends on: the part of Electron's ContextMenuParams it reads, and a message. */
export interface MenuInput {
  /** A text field (the composer, an input): cut, copy, paste and select all. */
  editable: boolean;
  /** The word under the pointer the spell checker marked, or ''. */
  misspelledWord: string;
  suggestions: readonly string[];
  editFlags: Pick<
    ContextMenuParams['editFlags'],
    'canCut' | 'canCopy' | 'canPaste' | 'canSelectAll'
  >;
  /** Text is selected: Copy. */
  hasSelection: boolean;
  /** The link under the pointer, or '' (only http(s) ones are ever offered). */
  linkUrl: string;
  /** The pointer is on an image: Copy image. */
  image: boolean;
  /** A message row was right-clicked: Copy message link. */
  message?: MessageTarget;
}

/** What the items do; injected, so the template is a pure function. */
export interface MenuActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
  copyImage(): void;
  openLink(url: string): void;
  copyText(text: string): void;
  copyMessageLink(target: MessageTarget): void;
  /** The https form of the message's link, for a browser (someone without the app). */
  copyWebLink(target: MessageTarget): void;
}

/** The input for Chromium's own menu event (the composer, inputs, images, other text). */
export function paramsInput(params: ContextMenuParams): MenuInput {
  return {
    editable: params.isEditable,
    misspelledWord: params.misspelledWord,
    suggestions: params.dictionarySuggestions,
    editFlags: params.editFlags,
    hasSelection: params.selectionText.length > 0,
    linkUrl: params.linkURL,
    image: params.mediaType === 'image',
  };
}

/** The input for a message row's right-click, which the renderer reports (`menu:message`). */
export function messageInput(request: MessageMenuRequest): MenuInput {
  const { selection } = request;
  return {
    editable: false,
    misspelledWord: '',
    suggestions: [],
    editFlags: { canCut: false, canCopy: selection, canPaste: false, canSelectAll: false },
    hasSelection: selection,
    linkUrl: request.linkUrl ?? '',
    image: false,
    message: request.target,
  };
}

/**
 * The menu's items, in groups: spelling, editing, link, image, message. Editing items use
 * Electron's roles, so their labels and shortcuts are the platform's own. Nothing else is ever
 * offered: no Inspect, no web search, no Save image (downloads have their own guarded path).
 */
export function contextMenuTemplate(
  input: MenuInput,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const groups: MenuItemConstructorOptions[][] = [];
  const word = input.misspelledWord;
  if (input.editable && word) {
    const suggestions = input.suggestions.slice(0, MAX_SUGGESTIONS);
    groups.push([
      ...suggestions.map((suggestion) => ({
        label: suggestion,
        click: () => actions.replaceMisspelling(suggestion),
      })),
      ...(suggestions.length === 0 ? [{ label: 'No suggestions', enabled: false }] : []),
      { label: 'Add to dictionary', click: () => actions.addToDictionary(word) },
    ]);
  }
  const flags = input.editFlags;
  if (input.editable)
    groups.push([
      { role: 'cut', enabled: flags.canCut },
      { role: 'copy', enabled: flags.canCopy },
      { role: 'paste', enabled: flags.canPaste },
      { role: 'selectAll', enabled: flags.canSelectAll },
    ]);
  else if (input.hasSelection) groups.push([{ role: 'copy' }]);
  // The same rule as links clicked in a message: http(s) only, opened by the system browser.
  const link = input.linkUrl;
  if (link && isExternalLink(link))
    groups.push([
      { label: 'Open link', click: () => actions.openLink(link) },
      { label: 'Copy link', click: () => actions.copyText(link) },
    ]);
  if (input.image) groups.push([{ label: 'Copy image', click: () => actions.copyImage() }]);
  const message = input.message;
  if (message)
    groups.push([
      { label: 'Copy message link', click: () => actions.copyMessageLink(message) },
      { label: 'Copy web link', click: () => actions.copyWebLink(message) },
    ]);
  return groups.flatMap((group, index) =>
    index === 0 ? group : [{ type: 'separator' }, ...group],
  );
}
