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
 * is selected, the link under the pointer, "Copy message link"), which main shows. Cancelling
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
  // A refusal (a server that is not saved) shows no menu; there is nothing to tell.
  void bridge.showMessageMenu({ target, selection, ...(linkUrl && { linkUrl }) }).catch(() => {});
}
