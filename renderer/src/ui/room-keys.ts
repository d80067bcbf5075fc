import { useEffect } from 'react';
import type { ChatClient } from '../lib/chat-client';
import { sidebarRooms } from './sidebar';

/** A modal open anywhere on the page: its keys are its own. */
const OPEN_DIALOG = 'dialog[open], [aria-modal="true"]';

/**
 * Alt+ArrowUp / Alt+ArrowDown open the previous / next room in the sidebar's order (rooms, then
 * direct messages) from anywhere in the chat screen, as in Slack; the room opened focuses its
 * composer (the composer does so whenever its room changes).
 *
 * They stop at the first and the last room instead of wrapping around. The room list is a list,
 * and someone who cannot see it learns they reached its end only if the end holds: a wrap would
 * silently move from the last direct message to the first room. (ARIA's list and listbox
 * patterns do not wrap either.)
 *
 * Ignored while a dialog is open, while `enabled` is false (desktop keeps every server's chat
 * screen mounted; only the one in view listens), and when something else has handled the key.
 */
export function useRoomKeys(client: ChatClient, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.defaultPrevented || document.querySelector(OPEN_DIALOG)) return;
      // Alt+Arrow also moves the caret in some text fields (macOS): the room switch wins.
      event.preventDefault();
      const state = client.getState();
      const { channels, directs } = sidebarRooms(state);
      const ids = [...channels, ...directs].map((r) => r.room.id);
      const at = state.activeRoomId === null ? -1 : ids.indexOf(state.activeRoomId);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = ids[Math.min(ids.length - 1, Math.max(0, at + step))];
      if (next !== undefined && next !== state.activeRoomId) client.selectRoom(next);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [client, enabled]);
}
