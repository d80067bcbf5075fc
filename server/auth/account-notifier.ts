import type { Profile, Room } from '../protocol.js';

/**
 * What account security tells the connected clients after a change commits. Described here and
 * made by the socket layer (socket/account-notices.ts), as `Revoker` is, so that auth/ imports
 * nothing from socket/.
 */
export interface AccountNotifier {
  /** The room's members hear its new state (`room:updated`): member counts, change numbers. */
  roomChanged(room: Room): void;
  /** The user's sockets hear that their invitation to the room is gone (`invite:removed`). */
  invitationEnded(userId: number, roomId: number): void;
  /** Everyone hears the profile (`user:updated`), and the user's own sockets carry it. */
  profileChanged(profile: Profile): void;
}
