import type { RoomKind } from '../protocol.js';

/** What the rules of room administration read about a room, before any change. */
export interface RoomAdminFacts {
  name: string;
  kind: RoomKind;
  /** null for rooms made before creators were kept (and for direct rooms). */
  createdBy: number | null;
  /** The room every new account joins (`general`): never archived nor deleted. */
  isDefault: boolean;
  archived: boolean;
}

/** A rename or topic change: `changed` false when the room already had both. */
export type RoomUpdateOutcome =
  { ok: true; changed: boolean } | { ok: false; reason: 'name_taken' | 'not_found' };

/**
 * An admin's removal of a member, as `RoomStore.removeMember`'s `LeaveOutcome` (store.ts, which
 * imports this file): `deleted` when a private room lost its last member and went.
 */
export type RemovalOutcome =
  { status: 'not_member' | 'left' | 'direct_pair' } | { status: 'deleted'; invitees: number[] };

/** Who a deleted room had, to tell them. */
export interface DeletedRoom {
  members: number[];
  invitees: number[];
}

/**
 * Storage of room administration: rename, topic, archive, delete, removing a member. Who may do
 * what is decided by the caller.
 */
export interface RoomAdminStore {
  roomAdminFacts(roomId: number): Promise<RoomAdminFacts | undefined>;
  /**
   * Whether the room is archived; false for a room that does not exist. Asked on every write and
   * every typing event, so it is answered without a database read: the set of archived rooms is
   * loaded when the store opens and kept by `setRoomArchived` (one process owns the database).
   */
  isRoomArchived(roomId: number): Promise<boolean>;
  /**
   * Atomically renames the room and/or sets its topic ('' clears it). A new name is held to
   * `createRoom`'s rules: it must not look like (room-name-keys.ts) another public room's name,
   * nor another private room's that `actorId` is in; else `name_taken`.
   */
  updateRoom(update: {
    roomId: number;
    actorId: number;
    name?: string;
    topic?: string;
  }): Promise<RoomUpdateOutcome>;
  /** Archives or unarchives; false when the room was already so (or does not exist). */
  setRoomArchived(roomId: number, archived: boolean, now: number): Promise<boolean>;
  /**
   * Atomically deletes the room with its members, invitations, messages (their reactions,
   * mentions, file links, search rows) and read state; undefined if it did not exist.
   */
  deleteRoom(roomId: number): Promise<DeletedRoom | undefined>;
  /**
   * Atomically: an admin's removal of a member, the path `RoomStore.removeMember` takes, and,
   * when the room is still there, a note that `userId` was removed (`wasRemoved`), so that they
   * cannot simply join again. Accepting an invitation to the room deletes the note.
   */
  removeFromRoom(removal: {
    roomId: number;
    userId: number;
    removedBy: number;
    now: number;
  }): Promise<RemovalOutcome>;
  /** Whether an admin removed the user from the room and nobody has invited them back since. */
  wasRemoved(roomId: number, userId: number): Promise<boolean>;
  /**
   * A user joining a room by themselves, checked and written at one moment, so that an admin's
   * removal or an archive on another node cannot land between the check and the join: only a
   * public room (anything else answers `no_such_room`, as a room they cannot see), not after an
   * admin removed them (`removed`), not while archived (`archived`); `member` if already in.
   */
  joinPublicRoom(roomId: number, userId: number, now: number): Promise<PublicJoin>;
}

/** What {@link RoomAdminStore.joinPublicRoom} did, or why not. */
export type PublicJoin = 'joined' | 'member' | 'no_such_room' | 'removed' | 'archived';

/** The rule of a public join, from what the store read under its lock. */
export function publicJoinRule(
  room: { kind: string; archived: boolean } | undefined,
  seen: {
    member: boolean;
    removed: boolean;
  },
): Exclude<PublicJoin, 'joined'> | undefined {
  if (seen.member) return 'member';
  if (!room || room.kind !== 'public') return 'no_such_room';
  if (seen.removed) return 'removed';
  if (room.archived) return 'archived';
  return undefined;
}
