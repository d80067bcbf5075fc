import type { UserRef } from '../../../server/protocol';
import { shownName } from './names';

/** The `@…` being typed just before the caret: where its `@` is, and the letters after it. */
export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  /** What follows the `@` up to the caret, lowercased. */
  query: string;
}

/** One suggestion: a person of the room, or `@room` (everyone in it). */
export type MentionOption =
  { kind: 'user'; username: string; user: UserRef } | { kind: 'room'; username: 'room' };

/** How many suggestions the list shows at once. */
export const MAX_OPTIONS = 8;

/**
 * The `@name` being typed, where the server would read a mention: the `@` starts a word (not an
 * e-mail address or a path, as in server/mentions.ts) and is followed by username characters
 * only, up to the caret. Null when the caret is not in one.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(?<![\p{L}\p{N}_.@/+-])@([a-z0-9_.-]{0,32})$/iu.exec(before);
  if (!match) return null;
  return { start: match.index, query: (match[1] ?? '').toLowerCase() };
}

/**
 * The suggestions for a query, best first: people whose username starts with it, then those
 * with a word of their display name that does, then usernames that contain it; `@room` last.
 * `people` comes in the order to prefer among equals (members of the room first); each person
 * appears once, and `me` not at all (nobody mentions themselves).
 */
export function mentionOptions(
  query: string,
  people: UserRef[],
  options: { meId: number; offerRoom: boolean },
): MentionOption[] {
  const q = query.toLowerCase();
  const seen = new Set<number>([options.meId]);
  const ranked: Array<{ rank: number; user: UserRef }> = [];
  for (const user of people) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    const rank = matchRank(q, user);
    if (rank !== null) ranked.push({ rank, user });
  }
  // A stable sort: equal ranks keep the order they came in.
  ranked.sort((a, b) => a.rank - b.rank);
  const found: MentionOption[] = ranked
    .slice(0, MAX_OPTIONS)
    .map(({ user }) => ({ kind: 'user', username: user.username, user }));
  if (options.offerRoom && 'room'.startsWith(q)) found.push({ kind: 'room', username: 'room' });
  return found;
}

function matchRank(query: string, user: UserRef): number | null {
  const username = user.username.toLowerCase();
  if (username.startsWith(query)) return 0;
  const words = shownName(user.displayName).toLowerCase().split(/\s+/);
  if (words.some((word) => word.startsWith(query))) return 1;
  if (username.includes(query)) return 2;
  return null;
}

/**
 * The text with the `@…` at `query.start` (up to the caret) replaced by `@username ` and the
 * caret after it, ready for the next word.
 */
export function insertMention(
  text: string,
  caret: number,
  query: MentionQuery,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  // A space already after the caret is kept and not doubled.
  const after = text.slice(caret).replace(/^ /, '');
  return {
    text: text.slice(0, query.start) + inserted + after,
    caret: query.start + inserted.length,
  };
}

/**
 * Whether `@room` may be offered: the server accepts it from anyone in rooms of up to
 * `openUpTo` members, and only from the owner in bigger ones.
 */
export function mayMentionRoom(memberCount: number, isOwner: boolean, openUpTo: number): boolean {
  return isOwner || memberCount <= openUpTo;
}
