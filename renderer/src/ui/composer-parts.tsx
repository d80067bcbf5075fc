import type { Message } from '../../../server/protocol';
import { shownName } from '../lib/names';

/** How much of the answered message the reply banner quotes. */
const EXCERPT_CHARS = 80;

/** The answered message's text on one line, cut short: enough to recognise it. */
export function excerptOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}

/** "Replying to Alice: the excerpt ×", above the text box while a reply is being written. */
export function ReplyBanner(props: { message: Message; onCancel: () => void }) {
  const { message } = props;
  const name = shownName(message.author.displayName) || message.author.username;
  return (
    <div className="reply-banner">
      <p>
        Replying to{' '}
        <strong>
          <bdi>{name}</bdi>
        </strong>
        : <span className="reply-excerpt">{excerptOf(message.text) || 'a message'}</span>
      </p>
      <button
        type="button"
        className="icon-button"
        aria-label={`Cancel the reply to ${name}`}
        title="Cancel reply (Escape)"
        onClick={props.onCancel}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** The Markdown a message may use, shown as written, and how to start a new line. */
export function FormattingHint(props: { id: string }) {
  return (
    <p id={props.id} className="composer-hint">
      <code>**bold**</code> <code>_italic_</code> <code>`code`</code> <code>```block```</code> ·
      Shift+Enter for a new line
    </p>
  );
}
