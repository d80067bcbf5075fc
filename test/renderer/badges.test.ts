import { describe, expect, it } from 'vitest';
import type { NotifyLevel, RoomKind } from '../../server/protocol.js';
import { emptyRoom, type ChatState, type RoomState } from '../../renderer/src/lib/chat-state.js';
import { countText, titleCount } from '../../renderer/src/ui/badges.js';
import { roomLabel } from '../../renderer/src/ui/sidebar-room.js';

/** A joined room with the server's counts, as `rooms:list` gives them after sign-in. */
function room(
  id: number,
  read: { unread: number; mentions: number; notify: NotifyLevel },
  kind: RoomKind = 'public',
): RoomState {
  return emptyRoom({
    id,
    name: `r${id}`,
    kind,
    memberCount: 2,
    lastMessageId: 100,
    changeSeq: 0,
    joined: true,
    read: { lastReadId: 1, ...read },
  });
}

const state = (...rooms: RoomState[]) =>
  ({ rooms: Object.fromEntries(rooms.map((r) => [r.room.id, r])) }) as unknown as ChatState;

describe('badges', () => {
  it('shows counts over 99 as 99+', () => {
    expect([0, 1, 99, 100, 1000].map(countText)).toEqual(['0', '1', '99', '99+', '99+']);
  });

  it('names a room with what its badges say: muted rooms give no unread count', () => {
    const busy = room(1, { unread: 120, mentions: 3, notify: 'mentions' });
    expect(roomLabel('#general', busy)).toBe('#general, 120 unread, 3 mentions');
    const muted = room(2, { unread: 5, mentions: 1, notify: 'none' });
    expect(roomLabel('#quiet', muted)).toBe('#quiet, muted, 1 mention');
    expect(roomLabel('#read', room(3, { unread: 0, mentions: 0, notify: 'all' }))).toBe('#read');
  });

  it("counts in the title the unmuted rooms' unread and the muted rooms' mentions, once each", () => {
    const open = room(1, { unread: 4, mentions: 2, notify: 'all' }); // 4: its mentions are unread too
    const muted = room(2, { unread: 9, mentions: 1, notify: 'none' }); // 1: only its mention
    const left = { ...room(3, { unread: 7, mentions: 7, notify: 'all' }) };
    left.room = { ...left.room, joined: false };
    expect(titleCount(state(open, muted, left))).toBe(5);
  });
});
