import { useEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../../server/protocol';
import { mentionsMe } from '../lib/chat-state';
import { timeLabel, type Row } from '../lib/format';
import { AttachmentList } from './attachment-list';
import { Avatar } from './avatar';
import type { MentionMarks } from './mention-marks';
import { onMessageContextMenu } from './message-context-menu';
import { MessageEditor } from './message-editor';
import { MessageText } from './message-text';
import { MessageToolbar } from './message-toolbar';
import { PendingRow } from './pending-row';
import { PersonButton } from './profile-card';
import { QuoteButton } from './quote';
import { Reactions } from './reactions';
import type { RowActions } from './row-actions';
import { ThreadSummary } from './thread-summary';

/** One row of the message list: a day separator, the "New messages" divider, the message. */
export function RowView(props: {
  row: Row;
  actions: RowActions;
  editing: boolean;
  highlighted: boolean;
}) {
  const { row, actions } = props;
  if (row.kind === 'pending')
    return <PendingRow pending={row.pending} header={row.header} actions={actions} />;
  return (
    <>
      {row.day && (
        // Not role="separator": a separator's text is not read, and the day is worth hearing.
        <div className="day-separator">
          <span>{row.day}</span>
        </div>
      )}
      {row.divider && (
        <div className="new-divider" role="separator" aria-label="New messages">
          <span>New messages</span>
        </div>
      )}
      <MessageRow
        message={row.message}
        header={row.header}
        own={row.own}
        editing={props.editing}
        highlighted={props.highlighted}
        actions={actions}
      />
    </>
  );
}

/**
 * A stored message: header, quote, text (or the editor, or the tombstone), "(edited)",
 * reactions, thread summary and the toolbar. A deleted message keeps its place and header.
 * The room's list and the thread panel (`actions.inThread`: no thread summary) both use it.
 */
export function MessageRow(props: {
  message: Message;
  header: boolean;
  own: boolean;
  editing: boolean;
  highlighted: boolean;
  actions: RowActions;
}) {
  const { message, own, actions } = props;
  // An archived room is read-only: an edit under way when it was archived ends here too.
  const editing = props.editing && !actions.readOnly;
  const deleted = message.deletedAt !== undefined;
  const mentioned = mentionsMe(message, actions.me.id);
  const marks = useMentionMarks(message, actions);
  const [error, setError] = useState<string>();
  const article = useRef<HTMLElement>(null);
  const deleting = useRef(false);

  // Deleting takes the toolbar (and the focused button) away: focus stays on the row instead.
  useEffect(() => {
    if (!deleted || !deleting.current) return;
    deleting.current = false;
    // After the dialog has closed and tried to give focus back to its (now gone) opener.
    setTimeout(() => article.current?.focus(), 0);
  }, [deleted]);

  const classes = ['message'];
  if (own) classes.push('own');
  if (deleted) classes.push('deleted');
  if (mentioned) classes.push('mentioned');
  if (props.highlighted) classes.push('highlighted');
  return (
    <article
      ref={article}
      className={classes.join(' ')}
      data-author={message.author.username}
      data-message-id={message.id}
      tabIndex={-1}
      onContextMenu={(event) =>
        onMessageContextMenu(event, {
          serverUrl: actions.client.session.api.serverUrl,
          roomId: actions.roomId,
          messageId: message.id,
        })
      }
    >
      {props.header && (
        <header className="message-header">
          <Avatar user={message.author} />
          <PersonButton
            client={actions.client}
            user={message.author}
            labels={actions.labels}
            className="author"
          />
          {own && <span className="you-tag">you</span>}
          <time dateTime={new Date(message.createdAt).toISOString()}>
            {timeLabel(message.createdAt)}
          </time>
          {actions.inThread && message.alsoToRoom && (
            <span className="muted small">also sent to the room</span>
          )}
        </header>
      )}
      {mentioned && <span className="visually-hidden">Mentions you. </span>}
      {!deleted && message.replyTo && (
        <QuoteButton quote={message.replyTo} labels={actions.labels} onJump={actions.onJump} />
      )}
      {deleted ? (
        <p className="message-deleted">message deleted</p>
      ) : editing ? (
        <MessageEditor message={message} actions={actions} />
      ) : (
        <div className={`message-content${message.editedAt ? ' is-edited' : ''}`}>
          <MessageText text={message.text} mentions={marks} />
          {message.editedAt !== undefined && (
            <span
              className="edited"
              title={`Edited ${new Date(message.editedAt).toLocaleString()}`}
            >
              {' '}
              (edited)
            </span>
          )}
        </div>
      )}
      {!deleted && message.attachments && message.attachments.length > 0 && (
        <AttachmentList client={actions.client} attachments={message.attachments} />
      )}
      {error && (
        <p className="field-error small" role="alert">
          {error}
        </p>
      )}
      {!deleted && <Reactions message={message} actions={actions} onError={setError} />}
      {!actions.inThread && message.thread && message.thread.replyCount > 0 && (
        <ThreadSummary message={message} actions={actions} />
      )}
      {!deleted && !editing && !actions.readOnly && (
        <MessageToolbar
          message={message}
          actions={actions}
          onError={setError}
          onDeleting={(on) => (deleting.current = on)}
        />
      )}
    </article>
  );
}

/**
 * The mentions the text marks: the people of `message.mentions` known here by username (one
 * not in view, unknown here, stays unmarked), the signed-in user, and `@room`.
 */
function useMentionMarks(message: Message, actions: RowActions): MentionMarks | undefined {
  const { mentions, mentionsRoom } = message;
  const { me, userOf } = actions;
  return useMemo(() => {
    if (!mentions?.length && !mentionsRoom) return undefined;
    const names = new Set<string>();
    for (const id of mentions ?? []) {
      const person = id === me.id ? me : userOf(id);
      if (person) names.add(person.username.toLowerCase());
    }
    return { names, me: me.username.toLowerCase(), room: mentionsRoom === true };
  }, [mentions, mentionsRoom, me, userOf]);
}
