import type { Room, RoomKind, User } from '../../protocol.js';
import type { StoredUser } from '../store.js';

/** Row shapes as SQLite returns them, and their mapping to protocol shapes. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  /** 1: the `admin` role (see people-tables.ts); ignored for the owner. */
  admin: number;
  banned: number;
}

/** A room row's columns (alias `r`). Member counts live in the row: no listing counts members. */
export const ROOM_COLUMNS =
  'r.id, r.name, r.kind, r.last_message_id, r.member_count, r.change_seq, r.topic, r.archived_at, r.created_by';

export interface RoomRow {
  id: number;
  name: string;
  kind: string;
  last_message_id: number;
  member_count: number;
  change_seq: number;
  topic: string;
  archived_at: number | null;
  created_by: number | null;
}

/**
 * The public part of a user row. Open sockets hold these, so equal strings are shared rather
 * than copied, and the role is one of three literals.
 */
export function toUser(
  row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'admin'>,
): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name === row.username ? row.username : row.display_name,
    role: row.role === 'owner' ? 'owner' : row.admin ? 'admin' : 'member',
  };
}

export function toStoredUser(row: UserRow): StoredUser {
  return { ...toUser(row), passwordHash: row.password_hash, banned: row.banned !== 0 };
}

export function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RoomKind,
    memberCount: row.member_count,
    lastMessageId: row.last_message_id,
    changeSeq: row.change_seq,
    // Absent rather than empty or false: most rooms have none of these.
    ...(row.topic !== '' && { topic: row.topic }),
    ...(row.archived_at !== null && { archived: true as const }),
    ...(row.created_by !== null && { createdBy: row.created_by }),
  };
}
