import type { Accounts } from '../auth/accounts.js';
import type { LiveSettings } from '../admin/settings.js';
import type { LastSeen } from '../admin/last-seen.js';
import type { FileUrlSigner } from '../files/file-urls.js';
import type { CursorSigner } from '../search/cursor.js';
import type { SharedBucketLimiter } from '../auth/shared-bucket.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { ResolvedOptions } from '../options.js';
import type { ChatStore } from '../storage/store.js';
import type { LiveSockets } from './live-sockets.js';
import type { RecentChanges } from './recent-changes.js';
import type { RoomBatches } from './room-batches.js';
import type { Presence } from './presence.js';
import type { IdentifiedIo, IdentifiedSocket, SocketIdentity } from './socket-identity.js';
import type { UserSockets } from './user-sockets.js';

// Types only: the helpers live in socket-identity.ts and room-channels.ts. The layers named in
// ServerContext are typed against socket-identity.ts, never this file, so no import cycle forms.

/**
 * What the server keeps per socket. Kept deliberately small: with thousands of idle sockets,
 * every per-socket closure, timer and listener shows up in memory.
 */
export interface SocketData extends SocketIdentity {
  /** The server this socket belongs to; shared by all its sockets. */
  context: ServerContext;
}

/** Everything the event handlers need, one object per server. */
export interface ServerContext {
  io: ChatIo;
  store: ChatStore;
  accounts: Accounts;
  live: LiveSockets;
  presence: Presence;
  /** Delivers new messages: at the end of their commit's turn, or held in busy rooms (room-batches.ts). */
  batches: RoomBatches;
  options: ResolvedOptions;
  logger: Logger;
  /** Counters for `/metrics`; no-ops when metrics are off. */
  metrics: Metrics;
  limiters: {
    messages: SharedBucketLimiter;
    events: SharedBucketLimiter;
    search: SharedBucketLimiter;
  };
  userSockets: UserSockets;
  /** When each user's rooms last changed, for sockets still in their handshake. */
  membership: RecentChanges<number, true>;
  /** Signs the short-lived URLs of `file:urls`. */
  fileUrls: FileUrlSigner;
  /** Signs search cursors, which steer the store's scan. */
  searchCursors: CursorSigner;
  /** The server's name, registration policy and other settings an admin changes live. */
  settings: LiveSettings;
  /** When users were last seen, until the sweep writes it (see admin/last-seen.ts). */
  lastSeen: LastSeen;
}

export type ChatIo = IdentifiedIo<SocketData>;
export type ChatSocket = IdentifiedSocket<SocketData>;
