import { memo } from 'react';
import { renderMarkdown } from './markdown';
import type { MentionMarks } from './mention-marks';

/**
 * Message text, rendered as a Markdown subset (see markdown.tsx) into React elements: no HTML in
 * a message is ever parsed, and React escapes all text. Only http(s) URLs become links; on
 * desktop they open in the system browser through the bridge. Memoized because a message's text
 * rarely changes while the list around it re-renders often (so `mentions` must be a stable object).
 * Without `mentions`, no `@name` is marked.
 */
export const MessageText = memo(function MessageText(props: {
  text: string;
  mentions?: MentionMarks;
}) {
  return <div className="message-text">{renderMarkdown(props.text, props.mentions)}</div>;
});
