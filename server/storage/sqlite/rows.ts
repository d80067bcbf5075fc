import type { Message, Role, Room, RoomKind } from '../../protocol.js';
import type { StoredUser } from '../store.js';

/** Row shapes as SQLite returns them, and their mapping to protocol shapes. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  banned: number;
}

export interface RoomRow {
  id: number;
  name: string;
  kind: string;
  last_message_id: number;
  member_count: number;
}

export interface MessageRow {
  id: number;
  room_id: number;
  author_id: number;
  username: string;
  display_name: string;
  text: string;
  client_id: string;
  created_at: number;
}

export function toStoredUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    banned: row.banned !== 0,
  };
}

export function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RoomKind,
    memberCount: row.member_count,
    lastMessageId: row.last_message_id,
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    author: { id: row.author_id, username: row.username, displayName: row.display_name },
    text: row.text,
    clientId: row.client_id,
    createdAt: row.created_at,
  };
}
