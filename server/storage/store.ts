import type {
  Message,
  RegistrationPolicy,
  Room,
  RoomKind,
  RoomListing,
  User,
} from '../protocol.js';

/**
 * Storage behind the server. SQLite (sqlite-store.ts) is the embedded default; every method is
 * async so that a networked database can implement the same interface without touching the
 * socket layer. Methods that must be atomic say so; an implementation runs them in one transaction.
 */
export interface ChatStore extends AccountStore, SessionStore, RoomStore, MessageStore {
  /** This server's stable id (the JWT issuer), made when the storage is first created. */
  readonly serverId: string;
  close(): Promise<void>;
}

export interface StoredUser extends User {
  passwordHash: string;
  banned: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
}

export type RegisterOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'username_taken' | 'registration_closed' | 'invalid_invite' };

export interface AccountStore {
  /**
   * Atomically: applies the registration policy, consumes the invite if one is needed, creates the
   * user (the very first one as owner, whatever the policy) and adds them to every default room.
   */
  registerUser(
    user: NewUser,
    rule: { policy: RegistrationPolicy; inviteHash?: string; now: number },
  ): Promise<RegisterOutcome>;
  findUserByUsername(username: string): Promise<StoredUser | undefined>;
  countUsers(): Promise<number>;
  findUserById(id: number): Promise<StoredUser | undefined>;
  setBanned(userId: number, banned: boolean): Promise<void>;
  createInvite(invite: { hash: string; createdBy: number; expiresAt: number }): Promise<void>;
}

export type RotateOutcome =
  | { status: 'ok'; sessionId: number; user: StoredUser }
  | { status: 'unknown' | 'expired' | 'revoked' }
  | { status: 'reused'; sessionId: number; userId: number };

export interface SessionStore {
  /** Starts a session with its first refresh token; resolves with the new session's id. */
  createSession(session: {
    userId: number;
    refreshHash: string;
    refreshExpiresAt: number;
    now: number;
  }): Promise<number>;
  /**
   * Atomically spends `oldHash` and issues `newHash` in its place. A hash that was already spent
   * revokes its whole session and answers `reused`.
   */
  rotateRefreshToken(rotation: {
    oldHash: string;
    newHash: string;
    refreshExpiresAt: number;
    now: number;
  }): Promise<RotateOutcome>;
  /** The session's user and whether the session is revoked; undefined for an unknown session. */
  sessionState(
    sessionId: number,
  ): Promise<{ user: User; banned: boolean; revoked: boolean } | undefined>;
  revokeSession(sessionId: number, now: number): Promise<void>;
  /** Revokes every live session of the user and returns their ids. */
  revokeUserSessions(userId: number, now: number): Promise<number[]>;
}

export interface RoomStore {
  /** Creates the room with the creator as its first member; undefined when the name is taken. */
  createRoom(room: {
    name: string;
    kind: Exclude<RoomKind, 'direct'>;
    createdBy: number;
  }): Promise<Room | undefined>;
  getRoom(roomId: number): Promise<Room | undefined>;
  /** Public rooms plus every room the user is in. */
  listRooms(userId: number): Promise<RoomListing[]>;
  /** Ids of the rooms the user is in. */
  memberRoomIds(userId: number): Promise<number[]>;
  isMember(roomId: number, userId: number): Promise<boolean>;
  /** Returns false when the user was already a member. */
  addMember(roomId: number, userId: number): Promise<boolean>;
  /** Returns false when the user was not a member. */
  removeMember(roomId: number, userId: number): Promise<boolean>;
  /** The direct room of these two users, created on first use. */
  openDirect(userA: number, userB: number): Promise<Room>;
}

export interface HistoryQuery {
  before?: number;
  after?: number;
  limit: number;
}

export interface MessageStore {
  /**
   * Durably appends a message, idempotent on (author, clientId): a repeat returns the stored
   * message with `created: false` and writes nothing.
   */
  appendMessage(message: {
    roomId: number;
    authorId: number;
    text: string;
    clientId: string;
    createdAt: number;
  }): Promise<{ message: Message; created: boolean }>;
  /** Oldest first. Without an anchor, the newest page. */
  history(roomId: number, query: HistoryQuery): Promise<{ messages: Message[]; hasMore: boolean }>;
}
