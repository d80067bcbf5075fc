import type { UserRef } from '../../../server/protocol';
import { visibleTimeout } from './visible-timers';

/** How long someone counts as typing after their last signal. */
const OTHER_TTL_MS = 6000;
/** How often our own "still typing" is repeated while the person types. */
const OWN_REPEAT_MS = 3000;

/**
 * Who is typing where. Others expire on their own if their "stopped" never comes (not while the
 * window is hidden: the expiry waits, and is met as soon as it is shown); our own signal is
 * throttled so that a keystroke does not become a socket event.
 */
export class TypingTracker {
  private readonly others = new Map<
    number,
    Map<number, { user: UserRef; cancelExpiry: () => void }>
  >();
  private readonly ownSentAt = new Map<number, number>();

  constructor(private readonly changed: (roomId: number, users: UserRef[]) => void) {}

  other(roomId: number, user: UserRef, typing: boolean): void {
    const room = this.others.get(roomId) ?? new Map();
    this.others.set(roomId, room);
    room.get(user.id)?.cancelExpiry();
    if (typing) {
      room.set(user.id, {
        user,
        cancelExpiry: visibleTimeout(() => this.other(roomId, user, false), OTHER_TTL_MS),
      });
    } else {
      room.delete(user.id);
    }
    this.changed(
      roomId,
      [...room.values()].map((entry) => entry.user),
    );
  }

  startOwn(roomId: number, emit: (typing: boolean) => void, now = Date.now()): void {
    const last = this.ownSentAt.get(roomId);
    if (last !== undefined && now - last < OWN_REPEAT_MS) return;
    this.ownSentAt.set(roomId, now);
    emit(true);
  }

  stopOwn(roomId: number, emit: (typing: boolean) => void): void {
    if (!this.ownSentAt.delete(roomId)) return;
    emit(false);
  }

  clear(): void {
    for (const room of this.others.values())
      for (const entry of room.values()) entry.cancelExpiry();
    this.others.clear();
    this.ownSentAt.clear();
  }
}
