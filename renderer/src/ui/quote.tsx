import type { Quote } from '../../../server/protocol';
import type { NameLabels } from '../lib/names';
import { PersonName } from './person-name';

/**
 * The quote on a reply: who wrote the original and how it began ("deleted" once it is), as a
 * button that scrolls to the original and highlights it.
 */
export function QuoteButton(props: {
  quote: Quote;
  labels: NameLabels;
  onJump: (messageId: number) => void;
}) {
  const { quote } = props;
  const excerpt = quote.deleted ? 'deleted' : quote.excerpt;
  return (
    <button
      type="button"
      className="quote"
      // Named in words, as the visible parts (author, then excerpt) cannot say "reply to".
      aria-label={`Reply to ${props.labels.label(quote.author)}: ${excerpt}`}
      title="Go to the original message"
      onClick={() => props.onJump(quote.id)}
    >
      <span className="quote-author">
        <PersonName user={quote.author} labels={props.labels} />
      </span>
      {quote.deleted ? (
        <span className="quote-text deleted">deleted</span>
      ) : (
        // The excerpt is Markdown as written; shown as plain text on one line.
        <span className="quote-text">{quote.excerpt}</span>
      )}
    </button>
  );
}
