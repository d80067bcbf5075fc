import type { ReactNode } from 'react';

/**
 * The mentions of one message that its text may mark, as the server resolved them: a `@name`
 * is marked only when the message's `mentions` hold that person (so a name that is no member,
 * or no one, stays plain text), and `@room` only when the message has `mentionsRoom`.
 */
export interface MentionMarks {
  /** Usernames (lowercase) of the people the message mentions. */
  names: ReadonlySet<string>;
  /** The signed-in user's username (lowercase): a mention of them is marked more strongly. */
  me?: string;
  /** The message mentions the whole room, and so the signed-in user too. */
  room?: boolean;
}

/**
 * The same shape as MENTION in server/mentions.ts (the client takes only types from server/):
 * `@` not inside a word, e-mail address or path, 3 to 32 username characters, not cut from a
 * longer name.
 */
const MENTION = /(?<![\p{L}\p{N}_.@/+-])@([a-z0-9_.-]{3,32})(?![a-z0-9_])/giu;
const ROOM = 'room';

/** Which part of a `@name` token is a marked mention (its length with the `@`), if any. */
function markedPart(name: string, marks: MentionMarks): { length: number; me: boolean } | null {
  // "thanks @sam." mentions sam: the server tries the name without trailing dots and dashes too.
  const trimmed = name.replace(/[.-]+$/, '');
  if (name === ROOM || trimmed === ROOM) {
    return marks.room ? { length: 1 + (name === ROOM ? name : trimmed).length, me: true } : null;
  }
  const found = marks.names.has(name) ? name : marks.names.has(trimmed) ? trimmed : undefined;
  if (found === undefined || found.length < 3) return null;
  return { length: 1 + found.length, me: found === marks.me };
}

/**
 * A text node of a message with its mentions as `<span class="mention">` (`mention me` for the
 * signed-in user and `@room`). React elements only: the text itself is never parsed as HTML.
 * Returns the text as it is when nothing in it is marked.
 */
export function markMentions(text: string, marks: MentionMarks, key?: string | number): ReactNode {
  const parts: ReactNode[] = [];
  let from = 0;
  for (const match of text.matchAll(MENTION)) {
    const part = markedPart((match[1] ?? '').toLowerCase(), marks);
    if (!part) continue;
    const at = match.index;
    if (at > from) parts.push(text.slice(from, at));
    parts.push(
      <span key={`${key ?? ''}@${at}`} className={part.me ? 'mention me' : 'mention'}>
        {text.slice(at, at + part.length)}
      </span>,
    );
    from = at + part.length;
  }
  if (parts.length === 0) return text;
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
