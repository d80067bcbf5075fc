import { shownUnread, type ChatState } from '../lib/chat-state';

/** A count as a badge shows it: "99+" past 99, so that a badge keeps its size. */
export const countText = (count: number): string => (count > 99 ? '99+' : String(count));

/** "1 mention", "3 mentions". */
export const mentionWords = (count: number): string =>
  `${count} ${count === 1 ? 'mention' : 'mentions'}`;

/**
 * The number in the tab title: what the sidebar's numbers add up to, room by room the larger of
 * its shown unread count and its mentions.
 *
 * Why mentions are in it, and why not added on top: a mention in a muted room is the one thing
 * that room still asks attention for (its unread count is hidden), so a title that left it out
 * would hide exactly what matters; yet a mention in an unmuted room is already one of its unread
 * messages, and counting it twice would make the title disagree with the sidebar. A separate
 * mention figure ("(5 · @2)"), as some apps show, is left out: tab titles are cut to a few
 * characters, and the red badges in the sidebar (and the desktop badge, mentions and direct
 * messages only) already tell mentions apart.
 */
export function titleCount(state: ChatState): number {
  return Object.values(state.rooms).reduce(
    (sum, r) => sum + (r.room.joined ? Math.max(shownUnread(r), r.mentions) : 0),
    0,
  );
}
