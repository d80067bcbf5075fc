/**
 * Parley wire protocol v2: the one place where HTTP shapes, socket event maps and error codes live.
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
export type Role = 'owner' | 'member';
export type RoomKind = 'public' | 'private' | 'direct';

/** A user as other people see them. */
export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}
export interface User extends UserRef {
  role: Role;
}

export interface Room {
  id: number;
  name: string;
  kind: RoomKind;
  memberCount: number;
  /** 0 when the room has no messages yet. */
  lastMessageId: number;
  /** Only for `direct` rooms: the two people in it. */
  members?: UserRef[];
}
/** A room as listed for one user. */
export interface RoomListing extends Room {
  joined: boolean;
}

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
  text: string;
  clientId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
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
}
export interface UsernameRequest {
  username: string;
}

// ---- Socket.IO, default namespace --------------------------------------------------------------

export interface HistoryRequest {
  roomId: number;
  before?: number;
  after?: number;
  limit?: number;
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
  'dm:open': (payload: { username: string }, ack: AckFn<{ room: Room }>) => void;
  'message:send': (
    payload: { roomId: number; text: string; clientId: string },
    ack: AckFn<{ message: Message }>,
  ) => void;
  'message:history': (
    payload: HistoryRequest,
    ack: AckFn<{ messages: Message[]; hasMore: boolean }>,
  ) => void;
  typing: (payload: { roomId: number; typing: boolean }) => void;
  'auth:refresh': (payload: { token: string }, ack: AckFn<{ expiresAt: number }>) => void;
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
  'message:send',
  'message:history',
  'typing',
  'auth:refresh',
] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;

/** Events the server emits. */
export interface ServerToClientEvents {
  message: (message: Message) => void;
  /** `online` is complete unless `onlineCount` is present (big rooms: the list is capped). */
  presence: (payload: { roomId: number; online: UserRef[]; onlineCount?: number }) => void;
  typing: (payload: { roomId: number; user: UserRef; typing: boolean }) => void;
  'room:updated': (payload: { room: Room }) => void;
  /** This user left the room from another socket (or it was deleted when they left it last). */
  'room:left': (payload: { roomId: number }) => void;
  /** Someone invited this user to a room. */
  'invite:received': (payload: { invitation: Invitation }) => void;
  /** An invitation of this user's ended: accepted, declined, or its room is gone. */
  'invite:removed': (payload: { roomId: number }) => void;
  'auth:expiring': (payload: { expiresAt: number }) => void;
  'auth:revoked': (payload: { code: ErrorCode }) => void;
  /**
   * An event arrived that could not be answered through an ack (none was given). `event` is
   * present only when the event is one of the protocol's: client-chosen names are never echoed.
   */
  'request:error': (payload: { event?: string; error: ErrorBody }) => void;
}

/** What a refused handshake carries in `connect_error`'s `err.data`. */
export interface HandshakeErrorData {
  code: ErrorCode;
}
