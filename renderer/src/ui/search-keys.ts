import { useEffect } from 'react';

/** A modal open anywhere on the page: its keys are its own. */
const OPEN_DIALOG = 'dialog[open], [aria-modal="true"]';

/**
 * Ctrl+K or Ctrl+F (Cmd on macOS) opens the search from anywhere in the chat screen, as in
 * Slack. The browser's own find is taken over here on purpose: the message list is virtualized,
 * so the page holds only the rows in view and a find in page would miss nearly everything;
 * the search finds every message. Ignored while a dialog is open, while `enabled` is false
 * (desktop keeps every server's chat screen mounted; only the one in view listens), and when
 * something else has handled the key.
 */
export function useSearchKeys(enabled: boolean, open: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if (key !== 'k' && key !== 'f') return;
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.defaultPrevented || document.querySelector(OPEN_DIALOG)) return;
      event.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, open]);
}

/** What the search button says about its keys, for `aria-keyshortcuts`. */
export const SEARCH_SHORTCUTS = 'Control+K Meta+K Control+F Meta+F';
