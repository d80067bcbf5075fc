import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ChatError } from '../errors.js';
import { addressKey } from '../http/address-key.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import { ErrorCode } from '../protocol.js';
import {
  dropConnection,
  guardBacklog,
  type BacklogLimit,
  type EngineConnection,
} from './backlog-guard.js';

/** What one client may make the transport layer hold, before any token is checked. */
export interface EngineLimits {
  /** engine.io sessions per IP address that have not yet joined a namespace. */
  handshakesPerIp: number;
  /** CONNECT packets one engine.io connection may send (each is a handshake attempt). */
  connectAttempts: number;
  backlog: BacklogLimit;
}

type Connection = EngineConnection & {
  remoteAddress: string;
  on(event: 'data', listener: (data: unknown) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
};

/**
 * The checks that run at engine.io's level, before Socket.IO or any token is involved:
 * - `allowRequest` refuses a new session from an untrusted page or host name, or from an address
 *   with too many sessions still in their handshake, before engine.io allocates anything;
 * - each session may send a few CONNECT packets only, so that it cannot turn two bytes in into
 *   an error message out, again and again;
 * - the backlog guard bounds what the server holds for it.
 * Refusals carry our error code as the message, never anything from the request.
 */
export class EngineGuard {
  private readonly pendingByIp = new Map<string, number>();
  /** Connections still in their handshake, with the address key they count under. */
  private readonly pending = new WeakMap<object, string>();

  constructor(
    private readonly policy: OriginPolicy,
    private readonly limits: EngineLimits,
  ) {}

  /** engine.io's `allowRequest` option: runs for the first request of every new session. */
  readonly allowRequest = (
    req: IncomingMessage,
    callback: (message: string | null, success: boolean) => void,
  ): void => {
    try {
      this.policy.check(req.headers, (req.socket as Partial<TLSSocket>).encrypted === true);
      const ip = addressKey(req.socket.remoteAddress);
      if ((this.pendingByIp.get(ip) ?? 0) >= this.limits.handshakesPerIp)
        throw new ChatError(ErrorCode.tooManyConnections, 'Too many handshakes in flight.');
      callback(null, true);
    } catch (error) {
      callback(error instanceof ChatError ? error.code : ErrorCode.internal, false);
    }
  };

  /** Watches a new engine.io connection until it closes. */
  admit(connection: Connection): void {
    guardBacklog(connection, this.limits.backlog);
    const ip = addressKey(connection.remoteAddress);
    this.pendingByIp.set(ip, (this.pendingByIp.get(ip) ?? 0) + 1);
    this.pending.set(connection, ip);
    connection.once('close', () => this.settle(connection));
    let attempts = 0;
    connection.on('data', (data) => {
      // A Socket.IO CONNECT packet is a text frame that starts with its type, "0".
      if (typeof data !== 'string' || data.charCodeAt(0) !== 48) return;
      if (++attempts > this.limits.connectAttempts && connection.readyState === 'open')
        dropConnection(connection);
    });
  }

  /** The connection joined a namespace (or closed): its handshake no longer counts. */
  settle(connection: object): void {
    const ip = this.pending.get(connection);
    if (ip === undefined) return;
    this.pending.delete(connection);
    const left = (this.pendingByIp.get(ip) ?? 1) - 1;
    if (left > 0) this.pendingByIp.set(ip, left);
    else this.pendingByIp.delete(ip);
  }
}
