import { lastSeenId } from './chat-state';
import type { ReadMarkers } from './reconnect';
import type { StateStore } from './state-store';

/**
 * What this person has read: the room in view, while the window is seen, is read as messages
 * arrive; read markers (kept per server and user) say where each room was read up to.
 */
export class ReadState {
  constructor(
    private readonly store: StateStore,
    readonly markers: ReadMarkers,
    private readonly isVisible: () => boolean = () => true,
  ) {}

  /** True when the room is the one open and the window can be seen. */
  isLookingAt(roomId: number): boolean {
    return this.store.get().activeRoomId === roomId && this.isVisible();
  }

  /** Everything in the room counts as read, up to its newest message. */
  markRead(roomId: number): void {
    const room = this.store.get().rooms[roomId];
    if (!room) return;
    this.markers.set(roomId, Math.max(lastSeenId(room), room.room.lastMessageId));
    if (room.unread !== 0) this.store.patchRoom(roomId, () => ({ unread: 0 }));
  }
}
