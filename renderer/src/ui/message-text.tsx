import type { MouseEvent } from 'react';
import { linkify } from '../lib/format';

/**
 * Message text, rendered as text: React escapes it, and no HTML is ever parsed. Only http(s)
 * URLs become links; on desktop they open in the system browser through the bridge.
 */
export function MessageText(props: { text: string }) {
  const open = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
    if (!window.parley) return; // a browser opens target=_blank itself
    event.preventDefault();
    void window.parley.openExternal(href);
  };
  return (
    <p className="message-text">
      {linkify(props.text).map((part, i) =>
        part.href ? (
          <a
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(e) => open(e, part.href ?? '')}
          >
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
