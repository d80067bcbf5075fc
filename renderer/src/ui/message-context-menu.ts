import type { MouseEvent } from 'react';
import { isWebUrl } from './markdown';

/** A message, as main names it in a message link. */
export interface MessageMenuTarget {
  serverUrl: string;
  roomId: number;
  messageId: number;
}

/**
 * Where a right-click keeps its usual menu even on a message row: text fields (the in-place
 * editor, a picker's search box), whose menu carries spelling and paste; images, whose menu
 * carries "Copy image" (main copies the pixels at the pointer, which only Chromium's own event
 * tells it); and dialogs opened from the row (the reaction picker, the profile card).
 */
const KEEP_OWN_MENU =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), img, video, canvas, dialog';

/**
 * A message row's right-click on the desktop: the native menu for this message (Copy when text
 * is selected, the link under the pointer, "Copy message link", "Copy web link"), which main
 * shows: at the pointer, or on the row when the keyboard asked. Cancelling
 * the page's event is what keeps Chromium's generic menu from showing as well. In a browser
 * (no bridge) nothing happens here, and the browser's own menu shows.
 */
export function onMessageContextMenu(event: MouseEvent<HTMLElement>, target: MessageMenuTarget) {
  const bridge = window.parley;
  if (!bridge) return;
  const element = event.target;
  if (!(element instanceof Element) || !event.currentTarget.contains(element)) return;
  if (element.closest(KEEP_OWN_MENU)) return;
  event.preventDefault();
  // Messages carry absolute http(s) links only (see markdown.tsx); main checks it again.
  const href = element.closest('a[href]')?.getAttribute('href') ?? undefined;
  const linkUrl = isWebUrl(href) ? new URL(href).href : undefined;
  const selection = (window.getSelection()?.toString() ?? '').length > 0;
  const at = fromKeyboard(event) ? besideRow(event.currentTarget) : undefined;
  // A refusal (a server that is not saved) shows no menu; there is nothing to tell.
  void bridge
    .showMessageMenu({ target, selection, ...(linkUrl && { linkUrl }), ...at })
    .catch(() => {});
}

/**
 * True from a menu key's keydown (Shift+F10, the Menu key) until the end of that task: Chromium
 * fires the keyboard's `contextmenu` in the same task, and its event looks like a mouse's.
 */
let menuKey = false;
window.addEventListener(
  'keydown',
  (event) => {
    if (event.key !== 'ContextMenu' && !(event.key === 'F10' && event.shiftKey)) return;
    menuKey = true;
    setTimeout(() => (menuKey = false), 0);
  },
  true,
);

/** A menu asked for by the keyboard rather than a pointer. */
function fromKeyboard(event: MouseEvent<HTMLElement>): boolean {
  const native = event.nativeEvent;
  return menuKey || ('pointerType' in native && native.pointerType === '');
}

/**
 * Where the keyboard's menu opens: on the focused row, a little in from its left and near its
 * top, inside the window (main would otherwise open it at the mouse pointer, which may be
 * anywhere). Window coordinates, whole pixels.
 */
function besideRow(row: HTMLElement): { x: number; y: number } {
  const box = row.getBoundingClientRect();
  const inside = (value: number, limit: number) => Math.round(Math.min(Math.max(value, 0), limit));
  return {
    x: inside(box.left + 24, window.innerWidth - 1),
    y: inside(box.top + Math.min(box.height / 2, 24), window.innerHeight - 1),
  };
}
