import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';
import { addressKey } from './address-key.js';

/** proxy-addr's trust test: may the hop at `address`, `hops` away from us, name the client? */
export type TrustTest = (address: string, hops: number) => boolean;

/**
 * Who a request comes from when Parley runs behind reverse proxies or a load balancer. Behind
 * one, every TCP peer is the proxy, so per-address limits would count the whole world as one
 * client, and a TLS-terminating proxy would make `https` pages look cross-origin. The proxies
 * named in `trustProxy` may say who the client is (`X-Forwarded-For`) and which scheme it used
 * (`X-Forwarded-Proto`); nobody else may, or any client could pick its own address and escape
 * every per-address limit.
 *
 * One object for Express (`trust proxy`) and for engine.io's requests, which Express never sees,
 * so that both count a client under the same address.
 */
export class ProxyTrust {
  private readonly test: TrustTest | undefined;

  /**
   * @param proxies addresses, subnets (`10.0.0.0/8`) or proxy-addr's names (`loopback`,
   *   `linklocal`, `uniquelocal`); empty: no proxy is trusted (the default).
   * @throws TypeError for an entry that is not one of those.
   */
  constructor(proxies: readonly string[]) {
    this.test = proxies.length > 0 ? proxyaddr.compile([...proxies]) : undefined;
  }

  /** Express's `trust proxy` setting: the same test, or off. */
  get expressSetting(): TrustTest | false {
    return this.test ?? false;
  }

  /**
   * The client's address: the nearest one in `X-Forwarded-For` that no trusted proxy holds. Some
   * balancers add a port (`203.0.113.7:5555`, `[2001:db8::1]:443`), which is dropped: counted
   * with it, every new connection would be a new client. Anything that is not an address then
   * counts as the proxy itself, the strictest choice.
   */
  address(req: IncomingMessage): string | undefined {
    if (!this.test) return req.socket.remoteAddress;
    return plainAddress(proxyaddr(req, this.test)) ?? req.socket.remoteAddress;
  }

  /** The key per-address limits count this request's client under (see address-key.ts). */
  readonly clientKey = (req: IncomingMessage): string => addressKey(this.address(req));

  /**
   * Whether the client used TLS: this connection's own, unless a trusted proxy says otherwise in
   * its first `X-Forwarded-Proto`. Read exactly as Express reads it, so that `req.secure` agrees.
   */
  secure(req: IncomingMessage): boolean {
    const own = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
    const peer = req.socket.remoteAddress;
    if (!this.test || peer === undefined || !this.test(peer, 0)) return own === 'https';
    const header = req.headers['x-forwarded-proto'];
    const value = (Array.isArray(header) ? header[0] : header) || own;
    return value.split(',')[0]?.trim() === 'https';
  }
}

/** An IP address without the port or brackets a forwarded entry may carry; else undefined. */
function plainAddress(entry: string): string | undefined {
  const value = entry.trim();
  if (isIP(value)) return value;
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(value)?.[1];
  if (v6 !== undefined && isIP(v6) === 6) return v6;
  const v4 = /^([\d.]+):\d+$/.exec(value)?.[1];
  return v4 !== undefined && isIP(v4) === 4 ? v4 : undefined;
}
