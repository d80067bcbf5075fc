import type { IncomingMessage } from 'node:http';
import { ChatError } from '../errors.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import type { ProxyTrust } from '../http/proxy-trust.js';
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
  /** The session's first request: where the client's address is read (see ProxyTrust). */
  request: IncomingMessage;
  on(event: 'data', listener: (this: Guarded, data: unknown) => void): unknown;
  on(event: 'close', listener: (this: Guarded) => void): unknown;
  off(event: 'close', listener: (this: Guarded) => void): unknown;
};

const WATCH = Symbol('parley.engineGuard');
/** What the guard keeps per connection, on the connection itself: no closures per connection. */
interface Watch {
  guard: EngineGuard;
  /** The address key it counts under while in its handshake; undefined once settled. */
  pendingAs: string | undefined;
  attempts: number;
}
type Guarded = Connection & { [WATCH]: Watch };

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

  constructor(
    private readonly policy: OriginPolicy,
    private readonly limits: EngineLimits,
    private readonly proxies: ProxyTrust,
  ) {}

  get connectAttempts(): number {
    return this.limits.connectAttempts;
  }

  /** engine.io's `allowRequest` option: runs for the first request of every new session. */
  readonly allowRequest = (
    req: IncomingMessage,
    callback: (message: string | null, success: boolean) => void,
  ): void => {
    try {
      this.policy.check(req.headers, this.proxies.secure(req));
      const ip = this.proxies.clientKey(req);
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
    const ip = this.proxies.clientKey(connection.request);
    this.pendingByIp.set(ip, (this.pendingByIp.get(ip) ?? 0) + 1);
    (connection as Guarded)[WATCH] = { guard: this, pendingAs: ip, attempts: 0 };
    // `on`, not `once`: engine.io closes a connection once, settle() is idempotent, and `once`
    // would add a wrapper and a bound function to every connection for the whole of its life.
    connection.on('close', onClose);
    connection.on('data', onData);
  }

  /** The connection joined a namespace (or closed): its handshake no longer counts. */
  settle(connection: object): void {
    const watch = (connection as Partial<Guarded>)[WATCH];
    const ip = watch?.pendingAs;
    if (!watch || ip === undefined) return;
    watch.pendingAs = undefined;
    // Nothing left to settle at its close: one listener fewer for the rest of its life.
    (connection as Connection).off('close', onClose);
    const left = (this.pendingByIp.get(ip) ?? 1) - 1;
    if (left > 0) this.pendingByIp.set(ip, left);
    else this.pendingByIp.delete(ip);
  }
}

function onClose(this: Guarded): void {
  this[WATCH].guard.settle(this);
}

function onData(this: Guarded, data: unknown): void {
  // A Socket.IO CONNECT packet is a text frame that starts with its type, "0".
  if (typeof data !== 'string' || data.charCodeAt(0) !== 48) return;
  const watch = this[WATCH];
  if (++watch.attempts > watch.guard.connectAttempts && this.readyState === 'open')
    dropConnection(this);
}
