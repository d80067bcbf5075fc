/** Parley's server as a library. */
export { createChatServer, type ChatServer } from './create-chat-server.js';
export { openChatServer } from './open-chat-server.js';
export type { ChatServerOptions } from './options.js';
export type { ChatStore } from './storage/store.js';
export { openSqliteStore } from './storage/sqlite/sqlite-store.js';
export type { Logger } from './logger.js';
export * from './protocol.js';
export { loadOrCreateCertificate } from './tls/self-signed.js';
export { certificateFingerprint } from './tls/fingerprint.js';
export { groupFingerprint as formatFingerprint } from './shared/fingerprint.js';
