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

/** Who a deleted room had, to tell them. */
export interface DeletedRoom {
  members: number[];
  invitees: number[];
}

/**
 * Storage of room administration: rename, topic, archive, delete. Removing a member is
 * `RoomStore.removeMember`, the path leaving takes. Who may do what is decided by the caller.
 */
export interface RoomAdminStore {
  roomAdminFacts(roomId: number): Promise<RoomAdminFacts | undefined>;
  /** Whether the room is archived; false for a room that does not exist. Read on every write. */
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
}
