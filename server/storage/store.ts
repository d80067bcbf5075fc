import type {
  ChangesPage,
  HistoryPage,
  Invitation,
  Message,
  NotifyLevel,
  ReadState,
  RegistrationPolicy,
  Room,
  RoomKind,
  RoomsPage,
  User,
  UserRef,
} from '../protocol.js';
import type { FileStore } from '../files/file-store.js';
import type { AvatarImageStore } from '../people/avatar-files.js';
import type { FileRecordStore, FileRefusal } from './file-records.js';
import type { SearchStore } from './search-store.js';
import type { AdminStore } from './admin-store.js';
import type { ProfileStore } from './profile-store.js';
import type { RoomAdminStore } from './room-admin-store.js';
import type { SecurityStore } from './security-store.js';

/** How many rooms one user may create. The owner is exempt. */
export interface RoomQuota {
  /** Rooms created in any rolling hour, counting rooms deleted since. */
  perHour: number;
  /** Rooms of theirs that exist at once (public and private). */
  total: number;
}
/** How far one user may invite others to rooms. */
export interface InvitationLimits {
  /** Invitations one user may send in any rolling hour. */
  perHour: number;
  /** Invitations that may wait for one invitee at once. */
  pendingPerInvitee: number;
}

/**
 * Storage behind the server. SQLite (sqlite-store.ts) is the embedded default; every method is
 * async so that a networked database can implement the same interface without touching the
 * socket layer. Methods that must be atomic say so; an implementation runs them in one transaction.
 */
export interface ChatStore
  extends
    AccountStore,
    SessionStore,
    RoomStore,
    InvitationStore,
    MessageStore,
    FileRecordStore,
    SearchStore,
    ProfileStore,
    SecurityStore,
    AdminStore,
    RoomAdminStore {
  /** This server's stable id (the JWT issuer), made when the storage is first created. */
  readonly serverId: string;
  /**
   * Resolves when the database answers: a networked store has it, so that `/healthz` can say
   * when its server is unreachable. An embedded one (SQLite) has nothing to ask.
   */
  ping?(): Promise<void>;
  /**
   * Where a networked store keeps files' bytes, so that every node serves every file; none (an
   * embedded store): the files folder under the data dir.
   */
  readonly blobs?: FileStore;
  /** The same for avatar images; none: the avatars folder under the data dir. */
  readonly avatarImages?: AvatarImageStore;
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

/** Why a registration is refused; `setup_required`: the first account without a verified setup. */
export type RegisterRefusal =
  'setup_required' | 'registration_closed' | 'invalid_invite' | 'username_taken';
export type RegisterOutcome = { ok: true; user: User } | { ok: false; reason: RegisterRefusal };

/** What a registration is held to. */
export interface RegistrationRule {
  policy: RegistrationPolicy;
  inviteHash?: string;
  now: number;
  /**
   * The caller has checked the server's setup code (or that the request may skip it). Only then
   * may the very first account be made, as the owner; without it the first registration is
   * refused with `setup_required`, whatever the policy.
   */
  setupVerified: boolean;
}

export interface AccountStore {
  /**
   * Atomically: checks, in this order, the setup (first account) or the registration policy, then
   * the invite if one is needed, then the username; creates the user (the first one as owner)
   * consuming the invite, and adds them to every default room. The invite is checked before the
   * username so that only people with a valid invite learn which usernames are taken.
   */
  registerUser(user: NewUser, rule: RegistrationRule): Promise<RegisterOutcome>;
  /**
   * What `registerUser` would refuse now, checked the same way, in the same order, writing
   * nothing: lets the caller refuse before it spends a password hash.
   */
  checkRegistration(username: string, rule: RegistrationRule): Promise<RegisterRefusal | undefined>;
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
    /** The sign-in's User-Agent (at most 512 characters) and address key, for "Your sessions". */
    userAgent?: string;
    ip?: string;
  }): Promise<number>;
  /**
   * Atomically spends `oldHash` and issues `newHash` in its place, so that a session has exactly
   * one unspent refresh token at any time. A spent hash revokes its whole session and answers
   * `reused`, except the one whose replacement is still unspent, presented again within
   * `graceMs` of being spent (its answer was lost): that rotates again from it, and the
   * replacement becomes a spent token of its own (presenting it later is reuse).
   */
  rotateRefreshToken(rotation: {
    oldHash: string;
    newHash: string;
    /** Capped at the session's end (its start plus `sessionMaxAgeMs`). */
    refreshExpiresAt: number;
    graceMs: number;
    /** A session this old is over: its tokens answer `expired`. */
    sessionMaxAgeMs: number;
    now: number;
  }): Promise<RotateOutcome>;
  /** The session a refresh token (spent or not) belongs to; undefined for an unknown token. */
  sessionOfRefreshToken(hash: string): Promise<number | undefined>;
  /**
   * The session's user, whether it is revoked and when it started (ms since the epoch);
   * undefined for an unknown session.
   */
  sessionState(
    sessionId: number,
  ): Promise<{ user: User; banned: boolean; revoked: boolean; startedAt: number } | undefined>;
  /**
   * Deletes refresh tokens past their expiry (spent ones are kept until then: their rightful
   * holder presenting one is what reveals a stolen copy), then sessions that ended (revoked,
   * past `sessionMaxAgeMs`, or left without a refresh token) at or before `endedBefore`, with
   * their tokens. Resolves with how many sessions and tokens went.
   */
  pruneSessions(prune: {
    now: number;
    sessionMaxAgeMs: number;
    endedBefore: number;
  }): Promise<{ sessions: number; refreshTokens: number }>;
  revokeSession(sessionId: number, now: number): Promise<void>;
  /** Revokes every live session of the user and returns their ids. */
  revokeUserSessions(userId: number, now: number): Promise<number[]>;
}

export type CreateRoomOutcome =
  | { ok: true; room: Room }
  /** `total_quota`: the creator has `quota.total` rooms already. */
  | { ok: false; reason: 'name_taken' | 'total_quota' }
  /** The creator made `quota.perHour` rooms in the last hour. */
  | { ok: false; reason: 'hourly_quota'; retryAfterMs: number };

/** One page of `rooms:list` (see RoomsListRequest in protocol.ts). */
export interface RoomPageQuery {
  joined?: boolean;
  after?: number;
  limit: number;
  query?: string;
}

export type LeaveOutcome =
  | { status: 'not_member' | 'left' }
  /** A two-person direct room, which nobody leaves (blocking ends it); nothing changed. */
  | { status: 'direct_pair' }
  /** The user was the last member of a private room, which is gone now with its invitations. */
  | { status: 'deleted'; invitees: number[] };

export type OpenDirectOutcome =
  /** `changed`: the room was created, or someone of the set was (re)added to it, just now. */
  | { ok: true; room: Room; changed: boolean }
  /** A block forbids the set (see `openDirect`); nothing changed. */
  | { ok: false; reason: 'blocked' }
  /** A new group, and the opener created `perHour` rooms in the last hour already. */
  | { ok: false; reason: 'hourly_quota'; retryAfterMs: number };

export interface RoomStore {
  /**
   * Atomically: checks the quota (when given) and the name, creates the room, and makes the
   * creator its first member. A name is taken when it looks like a public room's name or like
   * the name of a private room the creator is in; other private rooms never count, so that their
   * names do not leak.
   */
  createRoom(room: {
    name: string;
    kind: Exclude<RoomKind, 'direct'>;
    createdBy: number;
    now: number;
    quota?: RoomQuota;
  }): Promise<CreateRoomOutcome>;
  getRoom(roomId: number): Promise<Room | undefined>;
  /** One page of rooms by id: the user's own (`joined: true`) or public ones. */
  listRooms(userId: number, query: RoomPageQuery): Promise<RoomsPage>;
  /** Ids of the rooms the user is in. */
  memberRoomIds(userId: number): Promise<number[]>;
  isMember(roomId: number, userId: number): Promise<boolean>;
  /** Returns false when the user was already a member. */
  addMember(roomId: number, userId: number): Promise<boolean>;
  /**
   * Atomically: removes the member; a private room left empty is deleted with its messages and
   * invitations, so that its name is free again (nobody could ever join it again). A two-person
   * direct room is not left (`direct_pair`); a group one is, and keeps its set of people.
   */
  removeMember(roomId: number, userId: number): Promise<LeaveOutcome>;
  /**
   * Atomically: the direct room of the set `userIds` (2 to 8 distinct ids, `openedBy` among
   * them), created on first use: the same set, in any order, always gets the same room, and
   * anyone of the set who left it is added back. Refused (`blocked`) between two people when the
   * other blocked the opener, and in a group when any of them blocked any other. Creating a
   * group (3+) costs the opener a room of their hourly allowance (`perHour`, the one `createRoom`
   * counts; omit it for the owner); opening an existing set, or two people, costs nothing.
   */
  openDirect(open: {
    userIds: number[];
    openedBy: number;
    now: number;
    perHour?: number;
  }): Promise<OpenDirectOutcome>;
  /**
   * Members of the room by id: those with an id above `after`, leaving out `skip`, at most
   * `limit`; `more` says whether others follow. `total` counts everyone in the room.
   */
  roomMembers(
    roomId: number,
    page: { after: number; limit: number; skip?: number[] },
  ): Promise<{ members: UserRef[]; more: boolean; total: number }>;
}

export type InviteOutcome =
  | { status: 'invited'; invitation: Invitation }
  /** Nothing new: already a member, or already invited to this room. */
  | { status: 'unchanged' }
  /** The invitee blocked the inviter: nothing stored, nothing sent, but it counts as sent. */
  | { status: 'dropped' }
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'invitee_full' };

/** Room invitations (offers the invitee accepts or declines) and blocks between people. */
export interface InvitationStore {
  /**
   * Atomically: applies the inviter's hourly limit and the invitee's cap on waiting invitations,
   * then stores the invitation unless it changes nothing or the invitee blocked the inviter.
   */
  invite(invitation: {
    roomId: number;
    inviterId: number;
    inviteeId: number;
    now: number;
    limits: InvitationLimits;
  }): Promise<InviteOutcome>;
  /** The invitations waiting for the user, oldest first. */
  invitations(userId: number): Promise<Invitation[]>;
  /** Atomically: spends the invitation and adds the member; undefined when there was none. */
  acceptInvitation(roomId: number, userId: number): Promise<Room | undefined>;
  /** Returns false when there was no such invitation. */
  declineInvitation(roomId: number, userId: number): Promise<boolean>;
  /**
   * Atomically: records the block (false when the blocker has `max` blocks already) and drops
   * the invitations the blocked person sent the blocker; resolves with those rooms' ids.
   */
  block(blockerId: number, blockedId: number, now: number, max: number): Promise<number[] | false>;
  unblock(blockerId: number, blockedId: number): Promise<void>;
  /** The people the user blocked, by username. */
  blockedUsers(userId: number): Promise<UserRef[]>;
  /** Whether `blockerId` blocked `blockedId`. */
  isBlocked(blockerId: number, blockedId: number): Promise<boolean>;
  /**
   * For a two-person direct room the user is in: whether the other person blocked them
   * (`blocked`) or they blocked the other person (`blocking`). For a group direct room: `blocked`
   * when any other member blocked them (their own blocks do not stop them). `none` for every
   * other room. Two-person or group goes by the room's set of people, not by who is still in it.
   */
  directBlock(roomId: number, userId: number): Promise<'none' | 'blocked' | 'blocking'>;
}

export interface HistoryQuery {
  /** A thread's replies instead of the room's messages. */
  threadId?: number;
  before?: number;
  after?: number;
  limit: number;
}

/** What a message mentions, as parsed from its text (mentions.ts). */
export interface MentionNames {
  /** Lower-case usernames; only the room's members among them are stored. */
  names: string[];
  room: boolean;
}

export interface NewMessage {
  roomId: number;
  authorId: number;
  text: string;
  clientId: string;
  createdAt: number;
  mentions: MentionNames;
  /** Must be a message of the same room that is not deleted. */
  replyTo?: number;
  /** Must be a thread root (or a reply, meaning its root) of the same room. */
  threadId?: number;
  alsoToRoom?: boolean;
  /**
   * Files it carries, in order: distinct ids of files the author uploaded that no message
   * carries yet (see FileRecordStore); attached in the message's transaction.
   */
  fileIds?: string[];
}

/** Why a send or change was refused by the store. */
export type MessageRefusal = 'no_such_message' | 'reactions_full' | FileRefusal;

/**
 * Why a send or a reaction was refused by the store: a change's reasons, or the user not being
 * in the room when it is written (a leave or removal may commit between the socket's check and
 * the write, which runs in the next group commit).
 */
export type SendRefusal = MessageRefusal | 'not_member';

export interface MessageStore {
  /**
   * Durably appends a message, idempotent on (author, clientId): a repeat returns the stored
   * message with `created: false` and writes nothing. A thread reply also moves its root's reply
   * count, in the same transaction. Refused when the author is not a member of the room as it
   * is written (`not_member`, checked in the write's own transaction), when `replyTo` or
   * `threadId` names no live message of the room, or when `fileIds` may not be sent.
   */
  appendMessage(
    message: NewMessage,
  ): Promise<{ message: Message; created: boolean } | { refused: SendRefusal }>;
  /** Oldest first. Without an anchor, the newest page. */
  history(roomId: number, query: HistoryQuery): Promise<HistoryPage>;
  /**
   * A page of the room's timeline centred on `messageId` (oldest first, the message included):
   * about half of `limit` before it, the rest after, more on one side when the other runs out.
   * A thread reply not sent to the room is not in the timeline: the page centres on its thread's
   * root instead (`anchorId` says which one the page is centred on). Undefined when the message
   * is not in this room.
   */
  messagesAround(
    roomId: number,
    messageId: number,
    limit: number,
  ): Promise<(HistoryPage & { hasMoreAfter: boolean; anchorId: number }) | undefined>;
  /** A message as it is now, deleted or not; undefined when there is none. */
  getMessage(messageId: number): Promise<Message | undefined>;
  /**
   * Where a live message is and who wrote it, without its reactions, quote or mentions: what
   * the checks before a change need. Undefined for a deleted or unknown message.
   */
  liveMessage(messageId: number): Promise<{ roomId: number; authorId: number } | undefined>;
  /**
   * Atomically: new text and mentions, `editedAt`, and the room's next change number.
   * Undefined for a deleted message; `not_member` when its author is no longer in its room
   * (checked in the write: a leave may commit after the caller's own check).
   */
  editMessage(edit: {
    messageId: number;
    text: string;
    mentions: MentionNames;
    now: number;
  }): Promise<Message | 'not_member' | undefined>;
  /**
   * Atomically: leaves a tombstone (no text, reactions or mentions) with a new change number.
   * Someone other than the author must be an admin or the owner, and not banned, as the write
   * commits (`forbidden`: a demotion or ban may commit after the caller's own check).
   */
  deleteMessage(
    messageId: number,
    now: number,
    deleterId: number,
  ): Promise<Message | 'forbidden' | undefined>;
  /**
   * Atomically adds or removes one person's reaction; the message takes a new change number only
   * when something changed. Refused past `MAX_REACTIONS` distinct emojis, on a tombstone, or
   * when the user is not in the message's room as it is written (`not_member`).
   */
  react(reaction: {
    messageId: number;
    userId: number;
    emoji: string;
    on: boolean;
    now: number;
  }): Promise<{ message: Message; changed: boolean } | { refused: SendRefusal }>;
  /**
   * Messages changed after each room's `since`, in feed order, up to `limit` in all. The caller
   * has left out rooms the user is not in.
   */
  changes(rooms: Array<{ roomId: number; since: number }>, limit: number): Promise<ChangesPage>;
  /** The member's read state; undefined when they are not a member. */
  readState(roomId: number, userId: number): Promise<ReadState | undefined>;
  /** Moves the read position to `messageId` unless it is behind (never past the room's newest). */
  markRead(roomId: number, userId: number, messageId: number): Promise<ReadState | undefined>;
  setNotify(roomId: number, userId: number, level: NotifyLevel): Promise<ReadState | undefined>;
}
