import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';
import type { Message, User } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { PendingMessage, RoomState } from '../lib/chat-state';
import type { NameLabels } from '../lib/names';
import { MessageRow } from './message-row';
import { PendingRow } from './pending-row';
import { useRowActions, type RowActions } from './row-actions';

/** How long the message a quote jumped to stays highlighted (as in the room's list). */
const HIGHLIGHT_MS = 2000;

/**
 * What the thread panel's rows share: the same RowActions as the room's list, but editing,
 * answering (in the thread's own composer) and jumping to a quoted message happen in the panel.
 */
export function useThreadRows(props: {
  client: ChatClient;
  room: RoomState;
  me: User;
  labels: NameLabels;
  root: Message | undefined;
  replies: readonly Message[];
  scroller: RefObject<HTMLDivElement | null>;
}) {
  const { root, replies, scroller, me } = props;
  const [editingId, setEditingId] = useState<number | null>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const thread = useMemo(() => (root ? [root, ...replies] : [...replies]), [root, replies]);

  const onJump = useCallback(
    (messageId: number) => {
      // Only what the panel shows: the root and the loaded replies.
      const row = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
      if (!row) return;
      row.scrollIntoView({ block: 'center' });
      row.focus({ preventScroll: true });
      setHighlighted(messageId);
    },
    [scroller],
  );
  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  const actions = useRowActions({
    ...props,
    thread,
    onEdit: setEditingId,
    onReply: setReplyTo,
    onJump,
  });
  // The up-arrow in the thread's empty composer edits my newest message of the thread.
  const editLast = () => {
    const mine = thread.findLast((m) => m.author.id === me.id && m.deletedAt === undefined);
    if (mine) setEditingId(mine.id);
  };
  return { actions, editingId, highlighted, replyTo, setReplyTo, editLast };
}

/** One message of the thread (its root or a reply), as the room's list shows it. */
export function ThreadMessage(props: {
  message: Message;
  actions: RowActions;
  editingId: number | null;
  highlighted: number | null;
}) {
  const { message, actions } = props;
  return (
    <MessageRow
      message={message}
      header
      own={message.author.id === actions.me.id}
      editing={message.id === props.editingId}
      highlighted={message.id === props.highlighted}
      actions={actions}
    />
  );
}

/** A reply this person sent to the thread that the server has not stored yet (or refused). */
export function PendingThreadMessage(props: { pending: PendingMessage; actions: RowActions }) {
  return <PendingRow pending={props.pending} header actions={props.actions} />;
}
