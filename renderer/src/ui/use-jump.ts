import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useState, type MutableRefObject, type RefObject } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { Row } from '../lib/format';

/** Pages of older history loaded at most to find a quoted message (100 messages each). */
const MAX_PAGES = 10;
/** How long the message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2000;

/**
 * Jumping to a message (a reply's quote): older history is loaded until it is found (at most
 * MAX_PAGES pages), the virtualizer scrolls it to the middle, it is highlighted for a moment
 * and focused, so that a keyboard or screen-reader user lands on it too.
 */
export function useJump(options: {
  client: ChatClient;
  roomId: number;
  rows: Row[];
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  atBottom: MutableRefObject<boolean>;
}) {
  const { client, roomId, rows, scroller, virtualizer } = options;
  // An object, so that jumping to the same message twice scrolls twice.
  const [target, setTarget] = useState<{ id: number } | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [notice, setNotice] = useState('');

  const loaded = (id: number) =>
    client.getState().rooms[roomId]?.messages.some((m) => m.id === id) ?? false;

  const to = async (id: number) => {
    setNotice('');
    for (let page = 0; page < MAX_PAGES && !loaded(id); page++) {
      const room = client.getState().rooms[roomId];
      const oldest = room?.messages[0]?.id;
      // Not older than what is here (a thread reply kept in its thread), or nothing older.
      if (!room?.hasOlder || oldest === undefined || oldest < id) break;
      await client.loadOlder(roomId);
      if (client.getState().rooms[roomId]?.messages[0]?.id === oldest) break; // no progress
    }
    if (loaded(id)) setTarget({ id });
    else setNotice('Original message is not loaded');
  };

  // Once the rows hold it (the render after the last page came in): scroll, highlight, focus.
  useEffect(() => {
    if (!target) return;
    const index = rows.findIndex((row) => row.kind === 'message' && row.message.id === target.id);
    if (index < 0) return;
    setTarget(null);
    options.atBottom.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlighted(target.id);
    focusWhenShown(scroller, target.id);
  }, [target, rows, virtualizer, scroller, options.atBottom]);

  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(''), 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  return { to, highlighted, notice };
}

/** Focuses the message once the virtualizer has rendered it (a few frames after scrolling). */
function focusWhenShown(scroller: RefObject<HTMLDivElement | null>, id: number, frames = 20) {
  const element = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
  if (element) element.focus({ preventScroll: true });
  else if (frames > 0) requestAnimationFrame(() => focusWhenShown(scroller, id, frames - 1));
}
