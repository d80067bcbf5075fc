/**
 * Parley wire protocol v5: the one place where HTTP shapes, socket event maps and error codes live.
 * Every other folder imports from here with `import type` (the constants below are the only
 * runtime values, and they are plain data). Prose version: docs/protocol.md.
 */

export { PROTOCOL_VERSION } from './shared/protocol-version.js';

/** Every error code the server sends, over HTTP or in an ack. */
export const ErrorCode = {
  // Input and routing
  invalidPayload: 'invalid_payload',
  unknownEvent: 'unknown_event',
  notFound: 'not_found',
  tooLarge: 'too_large',
  /** An HTTP body sent with a `Content-Encoding` (gzip, br, …): bodies are taken as sent only. */
  unsupportedEncoding: 'unsupported_encoding',
  rateLimited: 'rate_limited',
  /** Too many open sockets for this user, or handshakes in flight from this address. */
  tooManyConnections: 'too_many_connections',
  internal: 'internal_error',
  /**
   * A service the server depends on (its database) cannot be reached just now. The request may
   * or may not have taken effect (a commit whose answer was lost): try again shortly; a message
   * sent again with its clientId is stored once. The server recovers by itself.
   */
  unavailable: 'unavailable',
  // Authorisation
  forbidden: 'forbidden',
  notMember: 'not_member',
  nameTaken: 'name_taken',
  /** A per-user allowance that does not refill with time (rooms created, people blocked, …). */
  quotaExceeded: 'quota_exceeded',
  /** A browser page from an origin this server does not trust. */
  originNotAllowed: 'origin_not_allowed',
  /** A request for a host name this server does not answer to (DNS rebinding). */
  hostNotAllowed: 'host_not_allowed',
  // Accounts
  usernameTaken: 'username_taken',
  registrationClosed: 'registration_closed',
  invalidInvite: 'invalid_invite',
  /** Creating the owner of a server that has none needs its one-time setup code: missing or wrong. */
  invalidSetupCode: 'invalid_setup_code',
  invalidCredentials: 'invalid_credentials',
  // Tokens (also the codes of a refused socket handshake)
  credentialsRequired: 'credentials_required',
  invalidToken: 'invalid_token',
  tokenExpired: 'token_expired',
  tokenRevoked: 'token_revoked',
  banned: 'banned',
  // People and administration
  /** The room is archived: read-only until an admin or its creator unarchives it. */
  roomArchived: 'room_archived',
  /** A password reset code that is unknown, used, expired, or not for this username. */
  invalidResetCode: 'invalid_reset_code',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Present with `rate_limited`: how long to wait before trying again. */
  retryAfterMs?: number;
}

/** The answer to every acknowledged socket event. */
/** An ack result with nothing to report beyond `ok: true`. */
export type NoResult = Record<never, never>;
export type Ack<T extends object = NoResult> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckFn<T extends object = NoResult> = (answer: Ack<T>) => void;

export const REGISTRATION_POLICIES = ['open', 'invite', 'closed'] as const;
export type RegistrationPolicy = (typeof REGISTRATION_POLICIES)[number];
/**
 * `owner`: exactly one, the first account; may do everything, and alone changes roles.
 * `admin`: moderates (bans, resets, invites, settings, rooms, any message) but changes no role.
 */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export type RoomKind = 'public' | 'private' | 'direct';
/**
 * What a member hears about a room: every message, only mentions of them, or nothing (muted:
 * no unread count, only mentions). Stored per member on the server, so it follows them to every
 * device. Rooms start at `mentions` and direct conversations at `all`, as in Slack.
 */
export const NOTIFY_LEVELS = ['all', 'mentions', 'none'] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

/** A user as other people see them. */
export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}
export interface User extends UserRef {
  role: Role;
}

// ---- People -----------------------------------------------------------------------------------

/** What someone says about themselves for now ("🌴 On holiday"). Both empty: no status. */
export interface UserStatus {
  /** One RGI emoji, or ''. */
  emoji: string;
  /** Up to `STATUS_TEXT_MAX` visible characters, or ''. */
  text: string;
}
export const STATUS_TEXT_MAX = 100;
/**
 * A person as everyone on the server may see them (any signed-in user may read any profile, as
 * in a Slack workspace). Messages keep only the author's `UserRef`; clients show the current
 * name and avatar from profiles (`users:get`, kept live by `user:updated`).
 */
export interface Profile extends User {
  /**
   * The avatar's key, or null (clients draw initials on a colour derived from the id). The
   * image is `GET /avatars/<avatar>`: an `AVATAR_SIZE` square WebP, served without a token
   * (the key is 128 random bits, new on every change) and cacheable for ever.
   */
  avatar: string | null;
  status: UserStatus;
  /** The account was deleted: `displayName` is "Deleted user" and nobody can sign in as it. */
  deleted?: true;
}
/** Avatars are cropped to a centred square of this many pixels a side. */
export const AVATAR_SIZE = 256;
/** The largest avatar upload, in bytes. */
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
/** The display name every deleted account takes. */
export const DELETED_USER_NAME = 'Deleted user';
/** How long a deleted account's username stays unavailable to new accounts. */
export const USERNAME_HOLD_DAYS = 30;

export interface Room {
  id: number;
  name: string;
  kind: RoomKind;
  memberCount: number;
  /** 0 when the room has no messages yet. Thread replies not sent to the room do not count. */
  lastMessageId: number;
  /**
   * The room's change feed position: moves on every edit, deletion, reaction and reply-count
   * change of one of its messages (not on new messages). See `message:changes`.
   */
  changeSeq: number;
  /** Only for `direct` rooms: everyone in it (2 to `MAX_DIRECT_MEMBERS` people), by id. */
  members?: UserRef[];
  /** Up to `ROOM_TOPIC_MAX` characters; absent when empty. Never on direct rooms. */
  topic?: string;
  /**
   * Archived: read-only for everyone (sends, edits, deletions, reactions get `room_archived`),
   * left out of public browsing, still listed for its members. Never on direct rooms.
   */
  archived?: true;
  /** Who made the room (with admins, may rename, set the topic and archive it); absent if unknown. */
  createdBy?: number;
}
export const ROOM_TOPIC_MAX = 250;
/** A room as listed for one user. */
export interface RoomListing extends Room {
  joined: boolean;
  /** Only on rooms the user is in: their read position, counts and notification level. */
  read?: ReadState;
}

/** One member's state in a room, kept on the server so that every device of theirs agrees. */
export interface ReadState {
  /** The newest message id they have read; 0 for none. */
  lastReadId: number;
  /** Messages by others after `lastReadId` (thread replies only when sent to the room), capped at `UNREAD_CAP`. */
  unread: number;
  /** Of those and of thread replies after `lastReadId`: the ones that mention them (or `@room`). */
  mentions: number;
  notify: NotifyLevel;
}
/** Unread and mention counts stop at this: a badge shows "999+", and counting stays cheap. */
export const UNREAD_CAP = 1000;

/** An offer to join a room, waiting for the invitee to accept or decline it. */
export interface Invitation {
  room: Room;
  inviter: UserRef;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** `rooms:list`: one page of rooms, ordered by id. */
export interface RoomsListRequest {
  /** true: every room the user is in; false: public rooms they are not in; absent: public rooms. */
  joined?: boolean;
  /** The `nextCursor` of the page before: rooms with a greater id. */
  after?: number;
  /** 1 to 100, default 50. */
  limit?: number;
  /** Only rooms whose name contains this text (case-insensitive). */
  query?: string;
}
export interface RoomsPage {
  rooms: RoomListing[];
  /** Pass as `after` for the next page; null when this page is the last. */
  nextCursor: number | null;
}

export interface Message {
  /** Assigned by the server; increases with every message on the server. */
  id: number;
  roomId: number;
  /** Always the verified token's user, never anything the sender claimed. */
  author: UserRef;
  /** Markdown (see docs/protocol.md); '' once deleted. Shortcodes were replaced on the server. */
  text: string;
  clientId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Where the message's last change sits in its room's change feed; 0: never changed. */
  seq: number;
  /** When the author last edited the text. */
  editedAt?: number;
  /** A tombstone: the text, reactions and mentions are gone; id and position remain. */
  deletedAt?: number;
  /** The message this one answers, quoted. */
  replyTo?: Quote;
  /** A reply in the thread of this root message. */
  threadId?: number;
  /** A thread reply that was also sent to the room (it shows in the room's history too). */
  alsoToRoom?: boolean;
  /** On a thread's root: its replies. */
  thread?: ThreadSummary;
  /** At most `MAX_REACTIONS` emojis, each with who reacted, oldest first. */
  reactions?: Reaction[];
  /** The members this message mentions by `@username`. */
  mentions?: number[];
  /** The message mentions `@room`: everyone in it. */
  mentionsRoom?: boolean;
  /** Files sent with it, in the sender's order (at most `MAX_ATTACHMENTS`); gone once deleted. */
  attachments?: Attachment[];
}
/** A short quote of the message a reply answers, as it is now. */
export interface Quote {
  id: number;
  author: UserRef;
  /** The first `QUOTE_CHARS` characters of its text; '' when deleted. */
  excerpt: string;
  deleted?: boolean;
}
export const QUOTE_CHARS = 140;
export interface ThreadSummary {
  replyCount: number;
  /** Milliseconds since the epoch. */
  lastReplyAt: number;
}
export interface Reaction {
  /** One emoji (a single RGI emoji sequence). */
  emoji: string;
  /** How many people reacted with it. */
  count: number;
  /**
   * Who reacted with it, in the order they did: the first `REACTION_USERS` only, so that a
   * popular message stays small to send. Past that, whether you reacted is known only if you
   * were among the first.
   */
  userIds: number[];
}
/** People listed per emoji in `Reaction.userIds`. */
export const REACTION_USERS = 100;
/** Distinct emojis one message may carry. */
export const MAX_REACTIONS = 50;
/** `@room` is for the owner (and admins) only in rooms with more members than this. */
export const ROOM_MENTION_OPEN_UP_TO = 50;

// ---- Files ------------------------------------------------------------------------------------

/**
 * An uploaded file, as a message carries it. The bytes are fetched through short-lived signed
 * URLs (`file:urls`), never with the token in a URL.
 */
export interface Attachment {
  /** Opaque, unguessable (22 characters of base64url). */
  id: string;
  /** The uploader's file name, sanitised: no path, no control or bidi characters, ≤ 200 chars. */
  name: string;
  /** Bytes as served (for images: after EXIF and other metadata were stripped). */
  size: number;
  /** The MIME type sniffed from the bytes, never the uploader's claim; `application/octet-stream` when unknown. */
  type: string;
  /** Only raster images shown inline (PNG, JPEG, GIF, WebP): the size to reserve before loading. */
  image?: ImageInfo;
}
export interface ImageInfo {
  /** Pixels, after the EXIF orientation was applied. */
  width: number;
  height: number;
  /** An animated GIF or WebP: the thumbnail is its first frame, the full view animates. */
  animated: boolean;
}
/** Files one message may carry. */
export const MAX_ATTACHMENTS = 10;
/** Signed URLs for one file, for the user who asked; relative to the server's origin. */
export interface FileUrls {
  fileId: string;
  /** The file: inline for raster images, a download for everything else. */
  url: string;
  /** Always `Content-Disposition: attachment`, with the file's name. */
  downloadUrl: string;
  /** Images only: at most `THUMB_SIZE` pixels on the longer side, first frame, no metadata. */
  thumbUrl?: string;
  /** Milliseconds since the epoch; ask again before then. */
  expiresAt: number;
}
/** The longer side of a thumbnail, in pixels. */
export const THUMB_SIZE = 400;

// ---- Search -----------------------------------------------------------------------------------

/**
 * `search`: messages the user may read now (every message of the rooms they are in, from
 * before they joined too), best first. The query language is Slack's: words, `"a phrase"`,
 * `from:@username`, `in:#room`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`, `has:file`, `has:link`.
 * What does not parse is taken as plain words; it is never an error.
 */
export interface SearchRequest {
  /** 1 to 500 characters. */
  query: string;
  /** The `nextCursor` of the page before. */
  cursor?: string;
  /** 1 to 50, default 20. */
  limit?: number;
}
export interface SearchHit {
  message: Message;
  /** `[start, end)` ranges of `message.text` (UTF-16 code units) that matched, in order. */
  highlights: Array<[number, number]>;
}
export interface SearchPage {
  hits: SearchHit[];
  /** Pass as `cursor` for the next page; null when there is none. */
  nextCursor: string | null;
  /** Filters of the query that name nothing the user can see (`in:#nowhere`, `from:@nobody`). */
  unknownFilters: string[];
}

// ---- HTTP -------------------------------------------------------------------------------------

export interface ServerInfo {
  name: string;
  serverId: string;
  version: string;
  protocol: number;
  registration: RegistrationPolicy;
  /** True until the first account, the owner, exists: that one may register whatever the policy. */
  setupNeeded: boolean;
  /**
   * True while `setupNeeded` when creating the owner from where this request came needs the
   * server's one-time setup code (`setupCode` in the register body). False once the owner exists,
   * and for requests from this machine to a server that listens on loopback only.
   */
  setupCodeRequired: boolean;
  /** What this server accepts, so that clients check before sending rather than after. */
  limits: ServerLimits;
}
/** Limits a client needs before it sends (the others are in docs/protocol.md's Limits). */
export interface ServerLimits {
  /** Message text, in UTF-16 code units after trimming (`maxTextLength`). */
  maxTextLength: number;
  /** Largest upload, in bytes (`maxFileBytes`). */
  maxFileBytes: number;
  /** Files per message (`MAX_ATTACHMENTS`). */
  maxAttachments: number;
}
export interface RegisterRequest {
  username: string;
  password: string;
  displayName?: string;
  invite?: string;
  /** The one-time code that creating the owner needs (see `ServerInfo.setupCodeRequired`). */
  setupCode?: string;
}
export interface LoginRequest {
  username: string;
  password: string;
}
export interface RefreshRequest {
  refreshToken: string;
}
/** The answer to register, login and refresh. */
export interface TokenPair {
  token: string;
  refreshToken: string;
  /** When `token` expires, in milliseconds since the epoch. */
  expiresAt: number;
  user: User;
}
export interface InviteCreated {
  code: string;
  expiresAt: number;
  /** Present when made through `admin:invite-create`. */
  invite?: InviteCode;
}
export interface UsernameRequest {
  username: string;
}
/** `POST /api/admin/ban` also takes a reason (≤ `BAN_REASON_MAX`), shown to admins only. */
export interface BanRequest extends UsernameRequest {
  reason?: string;
}
export const BAN_REASON_MAX = 500;

// ---- HTTP: your account (everything that needs your password goes over HTTP) --------------

/** `POST /api/password` → 204. Ends every other session of the account, sockets included. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
/** `GET /api/sessions` → `SessionList`: this account's live sessions, newest activity first. */
export interface SessionInfo {
  id: number;
  /** The session of the token that asked. */
  current: boolean;
  /** "Firefox on Windows", "Parley desktop on macOS", …, from the user agent at sign-in. */
  device: string;
  /** The address it signed in from. */
  ip: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** The last sign-in, token refresh or socket connection of the session. */
  lastActiveAt: number;
}
export interface SessionList {
  sessions: SessionInfo[];
}
/**
 * `DELETE /api/sessions/:id` → 204 (a session of another account is `not_found`), and
 * `POST /api/sessions/revoke-others` → `{ revoked: number }`: each ended session's sockets are
 * cut off at once with `auth:revoked { token_revoked }`.
 */
export interface SessionsRevoked {
  revoked: number;
}
/**
 * `POST /api/account/delete` → 204. The owner gets `forbidden` until they transfer ownership.
 * The account's messages stay under "Deleted user" (or are deleted, per the server's
 * `deletedUserMessages`), its username is held for `USERNAME_HOLD_DAYS` days.
 */
export interface DeleteAccountRequest {
  password: string;
}
/** `POST /api/password/reset` → `TokenPair`: redeems a code an admin made (`admin:reset-password`). */
export interface PasswordResetRequest {
  username: string;
  code: string;
  newPassword: string;
}
/** `POST /api/admin/transfer` (owner only) → `OwnershipTransferred`; the old owner becomes an admin. */
export interface TransferOwnershipRequest {
  username: string;
  /** The owner's own password. */
  password: string;
}
export interface OwnershipTransferred {
  owner: User;
  previous: User;
}
/**
 * `POST /api/avatar`: the image's bytes as the body (PNG, JPEG, GIF or WebP, sniffed; at most
 * `MAX_AVATAR_BYTES`), with the bearer token → `{ user: Profile }`. Cropped to a centred square,
 * resized to `AVATAR_SIZE`, first frame only, EXIF and all metadata dropped. `DELETE /api/avatar`
 * → `{ user: Profile }` goes back to initials.
 */
export interface AvatarChanged {
  user: Profile;
}

// ---- Administration (socket events `admin:*`, admins and the owner only) -------------------

/** A user as the admin panel lists them. */
export interface AdminUser extends Profile {
  banned: boolean;
  banReason: string | null;
  /** Milliseconds since the epoch: the last socket disconnect or connection; null if never. */
  lastSeenAt: number | null;
  online: boolean;
  createdAt: number;
}
export interface AdminUsersRequest {
  /** Matches usernames and display names (case-insensitive, contains). */
  query?: string;
  /** The `nextCursor` of the page before. */
  after?: number;
  /** 1 to 100, default 50. */
  limit?: number;
}
export interface AdminUsersPage {
  users: AdminUser[];
  nextCursor: number | null;
}
/** A server invite code (for registration under the `invite` policy), as listed. */
export interface InviteCode {
  /** 16 hex digits naming the code (the code itself is shown once, when made). */
  id: string;
  /** The code's first 4 characters, so that people can tell codes apart. */
  hint: string;
  createdBy: UserRef | null;
  createdAt: number;
  expiresAt: number;
  /** null: any number of uses until it expires. */
  maxUses: number | null;
  uses: number;
  revoked: boolean;
}
export interface InviteCreateRequest {
  /** 1 to 1000, or null for unlimited; default 1. */
  maxUses?: number | null;
  /** 1 to 720 (30 days); default the server's `inviteTtlSec`. */
  expiresInHours?: number;
}
/** What an owner may change while the server runs; kept in the database. */
export interface ServerSettings {
  /** 1 to 64 visible characters; `/api/info` and mDNS-free clients see it at once. */
  name: string;
  registration: RegistrationPolicy;
  /** What happens to a deleted account's messages: kept under "Deleted user", or deleted. */
  deletedUserMessages: 'keep' | 'delete';
}
export const AUDIT_ACTIONS = [
  'user.ban',
  'user.unban',
  'user.role',
  'user.password_reset',
  'owner.transfer',
  'invite.create',
  'invite.revoke',
  'settings.update',
  'room.update',
  'room.archive',
  'room.unarchive',
  'room.delete',
  'room.remove_member',
  'message.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** One admin action: who did what, when, to whom. Kept for ever; nobody can edit it. */
export interface AuditEntry {
  id: number;
  at: number;
  /** null only if the account was removed from the database (never by the app). */
  actor: UserRef | null;
  action: AuditAction;
  target: {
    kind: 'user' | 'room' | 'message' | 'invite' | 'server';
    id: string;
    label: string;
  } | null;
  /** Human-readable specifics: a ban reason, `admin → member`, the changed settings, … */
  detail: string;
}
export interface AuditRequest {
  /** The `nextCursor` of the page before: entries with a smaller id. */
  before?: number;
  /** 1 to 100, default 50. */
  limit?: number;
}
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: number | null;
}
/** A one-time password reset code for one user, to hand over; valid 24 hours, replaces older ones. */
export interface PasswordResetIssued {
  code: string;
  expiresAt: number;
}
/**
 * The answer to `POST /api/files` (201). The body is the file's bytes as they are (any
 * `Content-Type`), with `Authorization: Bearer <token>` and the name in `X-File-Name`,
 * percent-encoded (`encodeURIComponent`). Over `maxFileBytes` or the uploader's quota: 413
 * `too_large`, and nothing is kept. A file no message carries after 24 hours is removed.
 */
export interface FileUploaded {
  file: Attachment;
}

// ---- Socket.IO, default namespace --------------------------------------------------------------

export interface HistoryRequest {
  roomId: number;
  /** A thread's root: that thread's replies instead of the room's messages. */
  threadId?: number;
  before?: number;
  after?: number;
  /**
   * A page centred on this message of the room (about half the page before it, half after),
   * to open the room at a search result or a link. Not with `before`, `after` or `threadId`.
   */
  around?: number;
  limit?: number;
}
export interface HistoryPage {
  messages: Message[];
  /** More lie beyond the page in its direction (with `around`: older ones). */
  hasMore: boolean;
  /** Only with `around`: newer messages follow the page. */
  hasMoreAfter?: boolean;
  /** The room's `changeSeq` when the page was read: changes after it are not in the page. */
  changeSeq: number;
}

export interface SendRequest {
  roomId: number;
  /** May be '' when `fileIds` is not empty. */
  text: string;
  /** Files this user uploaded (`POST /api/files`), at most `MAX_ATTACHMENTS`, in order. */
  fileIds?: string[];
  clientId: string;
  /** A message of the same room to quote and answer. */
  replyTo?: number;
  /** Post in this message's thread (a reply's root when given a reply). */
  threadId?: number;
  /** With `threadId`: show it in the room as well ("also send to #room"). */
  alsoToRoom?: boolean;
}

/** `message:changes`: what changed in each room since the client's position in its feed. */
export interface ChangesRequest {
  /** Up to 100 rooms, each with the `changeSeq` the client holds. */
  rooms: Array<{ roomId: number; since: number }>;
  /** Messages in the answer, over all rooms: 1 to 1000, default 500. */
  limit?: number;
}
export interface ChangesPage {
  /** Changed messages as they are now, by room in request order, each in feed order. */
  messages: Message[];
  /**
   * Each asked-for room the user is in (others are left out): the position to hold now, and
   * whether everything up to the room's current position is in this answer.
   */
  rooms: Array<{ roomId: number; changeSeq: number; complete: boolean }>;
}

/** The most people one direct conversation holds, its opener included. */
export const MAX_DIRECT_MEMBERS = 8;

/**
 * `room:members`. The first page (no `after`) starts with the members online now, by id (at
 * most `limit` of them), and fills up with the others by id. Every later page lists members by
 * id after `after`, online or not, each with their state now: it may repeat someone the first
 * page showed as online, so a client merges pages by id. Together the pages name every member.
 */
export interface MembersRequest {
  roomId: number;
  /** The `nextCursor` of the page before. */
  after?: number;
  /** 1 to 200, default 100. */
  limit?: number;
}
export interface MembersPage {
  members: Array<UserRef & { online: boolean }>;
  /** Pass as `after` for the next page; null when this page is the last. */
  nextCursor: number | null;
  /** Everyone in the room. */
  total: number;
}

/** Events a client emits. Every event but `typing` takes an ack as its last argument. */
export interface ClientToServerEvents {
  'rooms:list': (payload: RoomsListRequest, ack: AckFn<RoomsPage>) => void;
  'room:create': (
    payload: { name: string; kind: 'public' | 'private' },
    ack: AckFn<{ room: Room }>,
  ) => void;
  'room:join': (payload: { roomId: number }, ack: AckFn<{ room: Room }>) => void;
  'room:leave': (payload: { roomId: number }, ack: AckFn) => void;
  'room:invite': (payload: { roomId: number; username: string }, ack: AckFn) => void;
  'invites:list': (
    payload: Record<string, never>,
    ack: AckFn<{ invitations: Invitation[] }>,
  ) => void;
  'invite:accept': (payload: { roomId: number }, ack: AckFn<{ room: Room }>) => void;
  'invite:decline': (payload: { roomId: number }, ack: AckFn) => void;
  'user:block': (payload: { username: string }, ack: AckFn) => void;
  'user:unblock': (payload: { username: string }, ack: AckFn) => void;
  'blocks:list': (payload: Record<string, never>, ack: AckFn<{ users: UserRef[] }>) => void;
  /**
   * The direct conversation of the opener and these people (1 to `MAX_DIRECT_MEMBERS - 1` others),
   * created on first use: the same set of people always gets the same room. "Adding" someone
   * opens the larger group's conversation; the old one keeps its history and its people.
   */
  'dm:open': (payload: { usernames: string[] }, ack: AckFn<{ room: Room }>) => void;
  /** A page of the room's members, online ones first (see `MembersRequest`). Members only. */
  'room:members': (payload: MembersRequest, ack: AckFn<MembersPage>) => void;
  'message:send': (payload: SendRequest, ack: AckFn<{ message: Message }>) => void;
  /** The author only; the same rules and limits as a send. */
  'message:edit': (
    payload: { messageId: number; text: string },
    ack: AckFn<{ message: Message }>,
  ) => void;
  /** The author, or the owner (moderation); leaves a tombstone. */
  'message:delete': (payload: { messageId: number }, ack: AckFn<{ message: Message }>) => void;
  /** Adds (`on: true`) or removes this user's reaction. */
  'message:react': (
    payload: { messageId: number; emoji: string; on: boolean },
    ack: AckFn<{ message: Message }>,
  ) => void;
  'message:history': (payload: HistoryRequest, ack: AckFn<HistoryPage>) => void;
  'message:changes': (payload: ChangesRequest, ack: AckFn<ChangesPage>) => void;
  /**
   * Signed URLs for 1 to 50 files, for this user only, valid a few minutes. Files the user may
   * not read (not in a room where a live message carries them) are left out of the answer.
   */
  'file:urls': (payload: { fileIds: string[] }, ack: AckFn<{ urls: FileUrls[] }>) => void;
  search: (payload: SearchRequest, ack: AckFn<SearchPage>) => void;
  /** Moves this user's read position forward (never back) and tells their other devices. */
  'room:read': (
    payload: { roomId: number; messageId: number },
    ack: AckFn<{ read: ReadState }>,
  ) => void;
  'room:notify': (
    payload: { roomId: number; level: NotifyLevel },
    ack: AckFn<{ read: ReadState }>,
  ) => void;
  typing: (payload: { roomId: number; typing: boolean }) => void;
  'auth:refresh': (payload: { token: string }, ack: AckFn<{ expiresAt: number }>) => void;
  // People
  /** 1 to 100 ids; unknown ids are left out. */
  'users:get': (payload: { userIds: number[] }, ack: AckFn<{ users: Profile[] }>) => void;
  /** Changes one's own display name and/or status; everyone gets `user:updated`. */
  'profile:update': (
    payload: { displayName?: string; status?: UserStatus },
    ack: AckFn<{ user: Profile }>,
  ) => void;
  // Rooms, for their creator and admins (`forbidden` for anyone else; direct rooms: `forbidden`)
  'room:update': (
    payload: { roomId: number; name?: string; topic?: string },
    ack: AckFn<{ room: Room }>,
  ) => void;
  'room:archive': (
    payload: { roomId: number; archived: boolean },
    ack: AckFn<{ room: Room }>,
  ) => void;
  // Rooms, for admins only
  /** `name` must repeat the room's name (the confirmation); else `invalid_payload`. */
  'room:delete': (payload: { roomId: number; name: string }, ack: AckFn) => void;
  'room:remove-member': (payload: { roomId: number; userId: number }, ack: AckFn) => void;
  // Administration: admins and the owner; everyone else gets `forbidden`
  'admin:users': (payload: AdminUsersRequest, ack: AckFn<AdminUsersPage>) => void;
  /** Ends the user's sessions and sockets at once. The owner cannot be banned, nor an admin by an admin. */
  'admin:ban': (
    payload: { userId: number; reason: string },
    ack: AckFn<{ user: AdminUser }>,
  ) => void;
  'admin:unban': (payload: { userId: number }, ack: AckFn<{ user: AdminUser }>) => void;
  /** The owner only. */
  'admin:role': (
    payload: { userId: number; role: 'admin' | 'member' },
    ack: AckFn<{ user: AdminUser }>,
  ) => void;
  /** Not for the owner's account, nor an admin's by an admin. */
  'admin:reset-password': (payload: { userId: number }, ack: AckFn<PasswordResetIssued>) => void;
  'admin:invites': (payload: Record<string, never>, ack: AckFn<{ invites: InviteCode[] }>) => void;
  'admin:invite-create': (
    payload: InviteCreateRequest,
    ack: AckFn<{ code: string; invite: InviteCode }>,
  ) => void;
  'admin:invite-revoke': (payload: { id: string }, ack: AckFn<{ invite: InviteCode }>) => void;
  'admin:settings': (
    payload: Record<string, never>,
    ack: AckFn<{ settings: ServerSettings }>,
  ) => void;
  'admin:settings-update': (
    payload: Partial<ServerSettings>,
    ack: AckFn<{ settings: ServerSettings }>,
  ) => void;
  'admin:audit': (payload: AuditRequest, ack: AckFn<AuditPage>) => void;
}

/** Every event a client may emit, as data (the server answers any other with `unknown_event`). */
export const CLIENT_EVENTS = [
  'rooms:list',
  'room:create',
  'room:join',
  'room:leave',
  'room:invite',
  'invites:list',
  'invite:accept',
  'invite:decline',
  'user:block',
  'user:unblock',
  'blocks:list',
  'dm:open',
  'room:members',
  'message:send',
  'message:edit',
  'message:delete',
  'message:react',
  'message:history',
  'message:changes',
  'file:urls',
  'search',
  'room:read',
  'room:notify',
  'typing',
  'auth:refresh',
  'users:get',
  'profile:update',
  'room:update',
  'room:archive',
  'room:delete',
  'room:remove-member',
  'admin:users',
  'admin:ban',
  'admin:unban',
  'admin:role',
  'admin:reset-password',
  'admin:invites',
  'admin:invite-create',
  'admin:invite-revoke',
  'admin:settings',
  'admin:settings-update',
  'admin:audit',
] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;

/** Events the server emits. */
export interface ServerToClientEvents {
  message: (message: Message) => void;
  /**
   * Coalesced delivery, only to sockets whose handshake said `batch: true`: a room's messages
   * written in one commit, or those a busy room received within one short window (at most
   * {@link BATCH_WINDOW_MS} ms), oldest (lowest id) first, in one frame. Such a socket gets a
   * room's messages either as `message` (one alone) or in a `messages` batch, never both for one
   * message. A batch may hold
   * this socket's own messages, possibly before their ack (a thread reply's): clients merge by
   * id. A single `message` is never an echo of the socket's own send. Held messages go to the
   * sockets in the room when they were written. `message:updated` and `typing` for the room wait
   * behind them; other events do not (docs/protocol.md, "batch: true").
   */
  messages: (messages: Message[]) => void;
  /** A message changed (edit, deletion, reaction, reply count): its whole new state. */
  'message:updated': (message: Message) => void;
  /** This user's read position or notification level in a room changed (on any device). */
  'read:updated': (payload: { roomId: number; read: ReadState }) => void;
  /** `online` is complete unless `onlineCount` is present (big rooms: the list is capped). */
  presence: (payload: { roomId: number; online: UserRef[]; onlineCount?: number }) => void;
  typing: (payload: { roomId: number; user: UserRef; typing: boolean }) => void;
  'room:updated': (payload: { room: Room }) => void;
  /**
   * This user is out of the room: they left it from another socket (`left`, or no reason), an
   * admin removed them (`removed`), or the room was deleted (`deleted`).
   */
  'room:left': (payload: { roomId: number; reason?: 'left' | 'removed' | 'deleted' }) => void;
  /** Someone's profile changed (name, status, avatar, role, deletion): sent to every socket. */
  'user:updated': (payload: { user: Profile }) => void;
  /** The server's name or registration policy changed: sent to every socket. */
  'server:updated': (payload: { name: string; registration: RegistrationPolicy }) => void;
  /** Someone invited this user to a room. */
  'invite:received': (payload: { invitation: Invitation }) => void;
  /** An invitation of this user's ended: accepted, declined, or its room is gone. */
  'invite:removed': (payload: { roomId: number }) => void;
  /**
   * Live events may have been missed without a disconnect: a node lost its link to the others
   * at `since` (ms since the epoch, server time) and has it back, or this socket's node fell
   * behind the stream between the nodes after `since` and lost entries. Catch up as after a
   * reconnect, reading each room's history after the newest message held that is older than
   * `since` (less a few seconds for the nodes' clocks): messages that arrived live after the gap
   * must not hide it. Sent to every socket of every node (of the node that fell behind only, in
   * the second case).
   */
  'server:resync': (payload: { since: number }) => void;
  'auth:expiring': (payload: { expiresAt: number }) => void;
  'auth:revoked': (payload: { code: ErrorCode }) => void;
  /**
   * An event arrived that could not be answered through an ack (none was given). `event` is
   * present only when the event is one of the protocol's: client-chosen names are never echoed.
   */
  'request:error': (payload: { event?: string; error: ErrorBody }) => void;
}

/** The longest a busy room holds a message back to deliver it in a `messages` batch. */
export const BATCH_WINDOW_MS = 10;

/** What a client sends as Socket.IO's handshake `auth`. */
export interface HandshakeAuth {
  /** The access token (or send `Authorization: Bearer`). */
  token?: string;
  /** The client takes coalesced `messages` batches (see `ServerToClientEvents.messages`). */
  batch?: boolean;
}

/** What a refused handshake carries in `connect_error`'s `err.data`. */
export interface HandshakeErrorData {
  code: ErrorCode;
}
