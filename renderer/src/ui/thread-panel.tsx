import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ServerLimits, User } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState, ThreadState } from '../lib/chat-state';
import { NameLabels, peopleInView } from '../lib/names';
import { Composer } from './composer';
import { useComposerIds, useDomId } from './dom-ids';
import { roomTitle } from './room-title';
import { PendingThreadMessage, ThreadMessage, useThreadRows } from './thread-messages';

/**
 * The room as its own list shows it: without thread replies still being sent that go to the
 * thread only (they show in the thread panel). The same object when there are none.
 */
export function withoutThreadOnlyPending(room: RoomState): RoomState {
  const shown = room.pending.filter((p) => p.threadId === undefined || p.alsoToRoom);
  return shown.length === room.pending.length ? room : { ...room, pending: shown };
}

/** Within this many pixels of the bottom counts as reading the newest replies. */
const STICK_PX = 80;

/**
 * The open thread, beside the room (over it in narrow windows): the root message, its replies
 * oldest first (older ones on demand), replies still being sent, and a composer of its own
 * whose replies may also go to the room. Its rows are the room's (reactions, edit, delete,
 * reply with a quote), minus the thread actions. The close button and Escape close it, and the
 * focus goes back to where it was when the thread was opened.
 */
export function ThreadPanel(props: {
  client: ChatClient;
  thread: ThreadState;
  room: RoomState;
  me: User;
  limits: ServerLimits;
}) {
  const { client, thread, room, me } = props;
  const roomId = room.room.id;
  // The room's copy of the root is kept current (edits, reply counts); the thread's may be older.
  const root = room.messages.find((m) => m.id === thread.rootId) ?? thread.root;
  const pending = room.pending.filter((p) => p.threadId === thread.rootId);
  const title = roomTitle(room.room, me.id);
  // Taken on the first render, before the composer takes the focus: usually "Reply in thread".
  const [returnTo] = useState(() => document.activeElement);
  const labels = useMemo(
    () => new NameLabels([...peopleInView(room, me), ...thread.messages.map((m) => m.author)]),
    [room, me, thread.messages],
  );

  const composers = useComposerIds();
  const titleId = useDomId('thread-title');
  const close = () => {
    client.closeThread();
    const back =
      returnTo instanceof HTMLElement && returnTo.isConnected
        ? returnTo
        : document.getElementById(composers.room);
    back?.focus();
  };

  // New replies keep the panel at the bottom while the reader is there.
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useThreadRows({
    client,
    room,
    me,
    labels,
    root,
    replies: thread.messages,
    scroller,
  });
  const { actions } = rows;
  const shown = { actions, editingId: rows.editingId, highlighted: rows.highlighted };
  const atBottom = useRef(true);
  const count = thread.messages.length + pending.length;
  const newest = thread.messages[thread.messages.length - 1]?.id;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [count, newest, thread.loaded]);

  const replies = root?.thread?.replyCount ?? thread.messages.length;
  return (
    <aside
      className="thread-panel"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        // A dialog in the panel (delete, emoji picker) closes itself on Escape, not the thread.
        if ((event.target as Element).closest('dialog')) return;
        event.preventDefault();
        close();
      }}
    >
      <header className="thread-header">
        <div>
          <h2 id={titleId}>Thread</h2>
          <p className="muted small">{title}</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div
        ref={scroller}
        className="thread-scroller"
        tabIndex={0}
        role="region"
        aria-label="Thread messages"
        onScroll={(event) => {
          const e = event.currentTarget;
          atBottom.current = e.scrollHeight - e.scrollTop - e.clientHeight < STICK_PX;
        }}
      >
        {root ? (
          <div className="thread-root">
            <ThreadMessage message={root} {...shown} />
          </div>
        ) : (
          <p className="muted center">Loading the thread…</p>
        )}
        <p className="thread-count muted small">
          {replies === 1 ? '1 reply' : `${replies} replies`}
        </p>
        {thread.hasOlder && (
          <button
            type="button"
            className="load-older"
            onClick={() => {
              atBottom.current = false; // older replies go on top: stay where the reader is
              void client.loadOlderInThread();
            }}
          >
            Load older replies
          </button>
        )}
        {!thread.loaded && <p className="muted center">Loading replies…</p>}
        <ol className="thread-replies">
          {thread.messages.map((message) => (
            <li key={message.id}>
              <ThreadMessage message={message} {...shown} />
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.clientId}>
              <PendingThreadMessage pending={p} actions={actions} />
            </li>
          ))}
        </ol>
      </div>
      <Composer
        key={thread.rootId}
        client={client}
        roomId={roomId}
        threadId={thread.rootId}
        roomName={title}
        label="Reply in thread"
        inputId={composers.thread}
        maxLength={props.limits.maxTextLength}
        limits={props.limits}
        replyTo={rows.replyTo}
        onCancelReply={() => rows.setReplyTo(null)}
        onEditLast={rows.editLast}
      />
    </aside>
  );
}
