import type { ReactNode } from 'react';

/**
 * The message toolbar's icons, drawn here rather than taken from emoji or symbol fonts, which
 * many systems lack (a missing glyph shows as an empty box). Decorative: each button is named
 * by its aria-label.
 */
function Icon(props: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 20 20"
      width="1.1em"
      height="1.1em"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {props.children}
    </svg>
  );
}

/** A face with a plus: add a reaction. */
export const ReactIcon = () => (
  <Icon>
    <circle cx="9" cy="11" r="6.5" />
    <path d="M6.5 12.8c1.3 1.4 3.7 1.4 5 0M7 9h.01M11 9h.01M16 1.5v5M13.5 4h5" />
  </Icon>
);

/** An arrow turning back: reply. */
export const ReplyIcon = () => (
  <Icon>
    <path d="M8 4 3 9l5 5" />
    <path d="M3 9h8a6 6 0 0 1 6 6v1" />
  </Icon>
);

/** Two speech bubbles: reply in a thread. */
export const ThreadIcon = () => (
  <Icon>
    <path d="M3 4h9v6H7l-3 2.5V10H3z" />
    <path d="M14 8h3v6h-1v2.5L13 14h-4v-2" />
  </Icon>
);

/** A pencil: edit. */
export const EditIcon = () => (
  <Icon>
    <path d="M13.5 3.5 16.5 6.5 7 16H4v-3z" />
    <path d="M11.5 5.5l3 3" />
  </Icon>
);

/** A bin: delete. */
export const DeleteIcon = () => (
  <Icon>
    <path d="M3.5 5.5h13M8 5.5V3.5h4v2M5.5 5.5l.8 11h7.4l.8-11M8.5 8.5v5M11.5 8.5v5" />
  </Icon>
);

/** Two chain links: copy the message's link. */
export const LinkIcon = () => (
  <Icon>
    <path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1" />
    <path d="M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
  </Icon>
);

/** A tick: done (the link was copied). */
export const DoneIcon = () => (
  <Icon>
    <path d="M4 10.5l4 4 8-9" />
  </Icon>
);

/** A globe: copy the message's web link (the form a browser opens). */
export const WebLinkIcon = () => (
  <Icon>
    <circle cx="10" cy="10" r="7" />
    <path d="M3 10h14M10 3c-2.5 2-2.5 12 0 14M10 3c2.5 2 2.5 12 0 14" />
  </Icon>
);
