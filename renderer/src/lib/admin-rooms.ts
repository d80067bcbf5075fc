import type { Room, RoomListing, User } from '../../../server/protocol';
import type { Requester } from './room-directory';
import type { ActionResult } from './socket-request';
import type { StateStore } from './state-store';

/** `ROOM_TOPIC_MAX` of the protocol (the renderer imports only types from server/). */
export const ROOM_TOPIC_MAX = 250;
/** `BAN_REASON_MAX` of the protocol. */
export const BAN_REASON_MAX = 500;

/** Whether this user administers the server (the owner is an admin too). */
export const isAdmin = (me: Pick<User, 'role'>): boolean =>
  me.role === 'owner' || me.role === 'admin';

/**
 * Whether this user may rename the room, set its topic and archive it: its creator and admins.
 * Direct conversations have none of these. The server decides; this only picks what to show.
 */
export const canManageRoom = (room: Room, me: User): boolean =>
  room.kind !== 'direct' && (isAdmin(me) || room.createdBy === me.id);

/**
 * A room's new state from the server over the listing held. The server leaves `topic` and
 * `archived` out when empty or false, so a plain spread would keep a cleared topic or an
 * archive that was lifted: those two are taken from the new state only. The listing's own
 * fields (`joined`, `read`) stay.
 */
export function mergeRoom(listing: RoomListing, room: Room): RoomListing {
  const { topic: _topic, archived: _archived, ...kept } = listing;
  return { ...kept, ...room };
}

/**
 * What the room's creator and admins do to a room: rename it, set its topic, archive it, and
 * (admins) delete it or remove a member. Each answer's room is applied at once; the members
 * hear of it through `room:updated` (or `room:left`).
 */
export class RoomAdmin {
  constructor(
    private readonly store: StateStore,
    private readonly ask: Requester,
    /** The room is gone for this user: take it out of the list. */
    private readonly gone: (roomId: number, reason: 'deleted') => void,
  ) {}

  /** A room's new state (an answer, or `room:updated`) where the client holds it. */
  apply(room: Room): void {
    this.store.patchRoom(room.id, (held) => ({ room: mergeRoom(held.room, room) }));
  }

  /** A new name and/or topic ('' clears the topic). */
  async update(roomId: number, change: { name?: string; topic?: string }): Promise<ActionResult> {
    const answer = await this.ask('room:update', { roomId, ...change });
    if (answer.ok) this.apply(answer.room);
    return answer.ok ? { ok: true } : answer;
  }

  async archive(roomId: number, archived: boolean): Promise<ActionResult> {
    const answer = await this.ask('room:archive', { roomId, archived });
    if (answer.ok) this.apply(answer.room);
    return answer.ok ? { ok: true } : answer;
  }

  /** Admins: `name` repeats the room's name, as the person typed it to confirm. */
  async remove(roomId: number, name: string): Promise<ActionResult> {
    const answer = await this.ask('room:delete', { roomId, name });
    if (answer.ok) this.gone(roomId, 'deleted');
    return answer;
  }

  /** Admins: the member's sockets leave the room at once and they can no longer read it. */
  removeMember = (roomId: number, userId: number): Promise<ActionResult> =>
    this.ask('room:remove-member', { roomId, userId });
}
