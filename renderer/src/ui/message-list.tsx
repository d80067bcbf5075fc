import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { Message, User } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { buildRows } from '../lib/format';
import type { NameLabels } from '../lib/names';
import { recordingScroll } from './follow-end';
import { RowView } from './message-row';
import { useRowActions } from './row-actions';
import { useJump } from './use-jump';
import { useListScroll } from './use-list-scroll';

/** Focus requests already carried out (RoomState.focus is a new object for each). */
const shownFocus = new WeakSet<object>();

/**
 * The virtualized message list: only the rows in view are in the DOM, so a room with tens of
 * thousands of messages scrolls like a short one (see useListScroll for how it scrolls). Each
 * row is a RowView; editing happens in place, and a reply's quote jumps to the original.
 */
export function MessageList(props: {
  client: ChatClient;
  room: RoomState;
  me: User;
  labels: NameLabels;
  /** The message being edited in place, if any. */
  editingId: number | null;
  onEdit: (messageId: number | null) => void;
  onReply: (message: Message) => void;
}) {
  const { client, room, me, editingId } = props;
  const rows = useMemo(
    () => buildRows(room.messages, room.pending, me.id, { dividerAfter: room.dividerAfter }),
    [room.messages, room.pending, me.id, room.dividerAfter],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const written = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    scrollToFn: recordingScroll(written),
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.header ? 64 : 28),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  });
  const scroll = useListScroll({ client, room, rows, scroller, virtualizer, written });
  const jump = useJump({
    client,
    roomId: room.room.id,
    rows,
    scroller,
    virtualizer,
    atBottom: scroll.atBottom,
  });
  const actions = useRowActions({ ...props, onJump: jump.to });

  // A message asked for from elsewhere (a search result): once, even if the list remounts.
  useEffect(() => {
    if (!room.focus || shownFocus.has(room.focus)) return;
    shownFocus.add(room.focus);
    void jump.to(room.focus.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new request comes
  }, [room.focus]);

  // The message being edited (the up-arrow picks the last one) is brought into view.
  useEffect(() => {
    if (editingId === null) return;
    const index = rows.findIndex((row) => row.kind === 'message' && row.message.id === editingId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only when editing starts, not as rows change while it goes on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editingId]);

  return (
    <div className="message-area">
      {/* Focusable so the keyboard can scroll it; a named region, which a reader can jump to. */}
      <div
        ref={scroller}
        className="message-scroller"
        onScroll={scroll.onScroll}
        tabIndex={0}
        role="region"
        aria-label="Messages"
      >
        {room.hasOlder && (
          <button type="button" className="load-older" onClick={() => void scroll.loadOlder()}>
            Load older messages
          </button>
        )}
        {!room.loaded && <p className="muted center">Loading messages…</p>}
        {room.loaded && rows.length === 0 && (
          <p className="muted center">No messages yet. Say hello!</p>
        )}
        {/*
          A plain list, not a live region: the virtualizer adds rows to the DOM as the reader
          scrolls back, and a live list would read those out as if they were new. New messages
          are announced once, by the chat screen's polite announcer. Each row says where it is
          in the whole list (aria-posinset/setsize), since only the rows in view are in the DOM.
        */}
        <ol className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const id = row.kind === 'message' ? row.message.id : undefined;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="message-row"
                aria-posinset={item.index + 1}
                aria-setsize={rows.length}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <RowView
                  row={row}
                  actions={actions}
                  editing={id !== undefined && id === editingId}
                  highlighted={id !== undefined && id === jump.highlighted}
                />
              </li>
            );
          })}
        </ol>
        {room.hasNewer && <p className="muted center">Loading newer messages…</p>}
      </div>
      <p className="jump-notice" role="status">
        {jump.notice}
      </p>
      {(scroll.unseen > 0 || room.hasNewer) && (
        <button type="button" className="jump-latest" onClick={scroll.jumpToLatest}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}
