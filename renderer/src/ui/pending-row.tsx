import type { Quote } from '../../../server/protocol';
import type { PendingMessage } from '../lib/chat-state';
import { PendingAttachments } from './attachment-list';
import { MessageText } from './message-text';
import { QuoteButton } from './quote';
import type { RowActions } from './row-actions';

/** As long as the server's quotes (QUOTE_CHARS; only types come from server/ here). */
const QUOTE_CHARS = 140;

/** A message of mine the server has not stored yet: sending, or failed with Retry and Discard. */
export function PendingRow(props: {
  pending: PendingMessage;
  header: boolean;
  actions: RowActions;
}) {
  const { pending, actions } = props;
  const { client, roomId } = actions;
  const quote = pending.replyTo === undefined ? undefined : quoteOf(actions, pending.replyTo);
  return (
    <article
      className={`message own pending ${pending.status}`}
      aria-label={`Your message, ${pending.status}`}
    >
      {props.header && (
        <header className="message-header">
          <span className="author">You</span>
        </header>
      )}
      {quote && <QuoteButton quote={quote} labels={actions.labels} onJump={actions.onJump} />}
      {pending.text && <MessageText text={pending.text} />}
      {pending.attachments && <PendingAttachments attachments={pending.attachments} />}
      <p className="pending-status small">
        {pending.status === 'sending' ? (
          'Sending…'
        ) : (
          <>
            <span className="field-error">Not sent: {pending.error}</span>{' '}
            <button type="button" onClick={() => client.retry(roomId, pending.clientId)}>
              Retry
            </button>{' '}
            <button type="button" onClick={() => client.discard(roomId, pending.clientId)}>
              Discard
            </button>
          </>
        )}
      </p>
    </article>
  );
}

/** The quote a pending reply will carry, made here from the loaded original (if it is). */
function quoteOf(actions: RowActions, messageId: number): Quote | undefined {
  const original = actions.findMessage(messageId);
  if (!original) return undefined;
  return {
    id: original.id,
    author: original.author,
    excerpt: original.text.slice(0, QUOTE_CHARS),
    ...(original.deletedAt !== undefined ? { deleted: true } : {}),
  };
}
