import type { Message } from '../../../server/protocol';
import type { PendingMessage } from '../lib/chat-state';
import { timeLabel } from '../lib/format';
import type { NameLabels } from '../lib/names';
import { MessageText } from './message-text';
import { PersonName } from './person-name';

/** One message of a thread (its root or a reply): author, time, text, or the tombstone. */
export function ThreadMessage(props: {
  message: Message;
  labels: NameLabels;
  meId: number;
  root?: boolean;
}) {
  const { message } = props;
  const own = message.author.id === props.meId;
  return (
    <article
      className={`message thread-message${own ? ' own' : ''}${props.root ? ' thread-root' : ''}`}
      data-author={message.author.username}
    >
      <header className="message-header">
        <span className="author" title={`@${message.author.username}`}>
          <PersonName user={message.author} labels={props.labels} />
        </span>
        {own && <span className="you-tag">you</span>}
        <time dateTime={new Date(message.createdAt).toISOString()}>
          {timeLabel(message.createdAt)}
        </time>
        {message.alsoToRoom && <span className="muted small">also sent to the room</span>}
      </header>
      {message.deletedAt !== undefined ? (
        <p className="tombstone muted">message deleted</p>
      ) : (
        <MessageText text={message.text} />
      )}
      {message.editedAt !== undefined && message.deletedAt === undefined && (
        <span className="muted small">(edited)</span>
      )}
    </article>
  );
}

/** A reply this person sent to the thread that the server has not stored yet (or refused). */
export function PendingThreadMessage(props: {
  pending: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const { pending } = props;
  return (
    <article
      className={`message own pending ${pending.status}`}
      aria-label={`Your reply, ${pending.status}`}
    >
      <header className="message-header">
        <span className="author">You</span>
      </header>
      <MessageText text={pending.text} />
      <p className="pending-status small">
        {pending.status === 'sending' ? (
          'Sending…'
        ) : (
          <>
            <span className="field-error">Not sent: {pending.error}</span>{' '}
            <button type="button" onClick={props.onRetry}>
              Retry
            </button>{' '}
            <button type="button" onClick={props.onDiscard}>
              Discard
            </button>
          </>
        )}
      </p>
    </article>
  );
}
