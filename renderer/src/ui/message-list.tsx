import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { buildRows, timeLabel, type Row } from '../lib/format';
import type { NameLabels } from '../lib/names';
import { MessageText } from './message-text';
import { PersonName } from './person-name';

/** Within this many pixels of the bottom counts as "at the bottom": new messages keep it there. */
const STICK_PX = 80;
/** Closer than this to the top loads older history. */
const LOAD_OLDER_PX = 300;

/**
 * The virtualized message list: only the rows in view are in the DOM, so a room with tens of
 * thousands of messages scrolls like a short one. Sticks to the bottom while the person is there,
 * keeps their place when older history is prepended, and offers a jump to the latest otherwise.
 */
export function MessageList(props: {
  client: ChatClient;
  room: RoomState;
  meId: number;
  labels: NameLabels;
}) {
  const { client, room, meId } = props;
  const roomId = room.room.id;
  const rows = useMemo(
    () => buildRows(room.messages, room.pending, meId),
    [room.messages, room.pending, meId],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const loadingOlder = useRef(false);
  const prepend = useRef<{ firstKey: string; height: number; top: number } | null>(null);
  const [unseen, setUnseen] = useState(0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.header ? 64 : 28),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  });

  // Keep the reader's place when older rows are prepended; follow new rows when at the bottom.
  const lastKey = rows[rows.length - 1]?.key;
  const firstKey = rows[0]?.key;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const saved = prepend.current;
    if (saved && saved.firstKey !== firstKey) {
      prepend.current = null;
      element.scrollTop = saved.top + (virtualizer.getTotalSize() - saved.height);
      return;
    }
    const last = rows[rows.length - 1];
    const mine = last?.kind === 'pending' || (last?.kind === 'message' && last.own);
    if (atBottom.current || mine) {
      atBottom.current = true;
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    } else {
      setUnseen((n) => n + 1);
    }
    // Only when the ends of the list change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastKey, firstKey]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
    if (atBottom.current) setUnseen(0);
    if (element.scrollTop < LOAD_OLDER_PX) void loadOlder();
  };

  const loadOlder = async () => {
    if (loadingOlder.current || !room.hasOlder || !scroller.current || !firstKey) return;
    loadingOlder.current = true;
    prepend.current = {
      firstKey,
      height: virtualizer.getTotalSize(),
      top: scroller.current.scrollTop,
    };
    await client.loadOlder(roomId);
    loadingOlder.current = false;
    // Nothing was prepended (an error, or nothing older): forget the saved place.
    if (client.getState().rooms[roomId]?.messages[0]?.id === room.messages[0]?.id)
      prepend.current = null;
  };

  useEffect(() => {
    // A short first page may not fill the view; then there is nothing to scroll, so load more.
    const element = scroller.current;
    if (element && room.loaded && room.hasOlder && element.scrollHeight <= element.clientHeight)
      void loadOlder();
  });

  const jumpToLatest = () => {
    atBottom.current = true;
    setUnseen(0);
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  };

  return (
    <div className="message-area">
      <div
        ref={scroller}
        className="message-scroller"
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Messages"
      >
        {room.hasOlder && (
          <button type="button" className="load-older" onClick={() => void loadOlder()}>
            Load older messages
          </button>
        )}
        {!room.loaded && <p className="muted center">Loading messages…</p>}
        {room.loaded && rows.length === 0 && (
          <p className="muted center">No messages yet. Say hello!</p>
        )}
        <ol role="log" className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="message-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <RowView
                  row={row}
                  labels={props.labels}
                  onRetry={(id) => client.retry(roomId, id)}
                  onDiscard={(id) => client.discard(roomId, id)}
                />
              </li>
            );
          })}
        </ol>
      </div>
      {unseen > 0 && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}

function RowView(props: {
  row: Row;
  labels: NameLabels;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  const { row } = props;
  if (row.kind === 'pending') {
    const { pending } = row;
    return (
      <article
        className={`message own pending ${pending.status}`}
        aria-label={`Your message, ${pending.status}`}
      >
        {row.header && (
          <header className="message-header">
            <span className="author">You</span>
          </header>
        )}
        <MessageText text={pending.text} />
        <p className="pending-status small">
          {pending.status === 'sending' ? (
            'Sending…'
          ) : (
            <>
              <span className="field-error">Not sent: {pending.error}</span>{' '}
              <button type="button" onClick={() => props.onRetry(pending.clientId)}>
                Retry
              </button>{' '}
              <button type="button" onClick={() => props.onDiscard(pending.clientId)}>
                Discard
              </button>
            </>
          )}
        </p>
      </article>
    );
  }
  const { message } = row;
  return (
    <>
      {row.day && (
        <div className="day-separator" role="separator">
          <span>{row.day}</span>
        </div>
      )}
      <article className={`message${row.own ? ' own' : ''}`} data-author={message.author.username}>
        {row.header && (
          <header className="message-header">
            <span className="author" title={`@${message.author.username}`}>
              <PersonName user={message.author} labels={props.labels} />
            </span>
            {row.own && <span className="you-tag">you</span>}
            <time dateTime={new Date(message.createdAt).toISOString()}>
              {timeLabel(message.createdAt)}
            </time>
          </header>
        )}
        <MessageText text={message.text} />
      </article>
    </>
  );
}
