import { Bonjour } from 'bonjour-service';
import type { Logger } from '../logger.js';

/** The DNS-SD service type: `_parley._tcp`. */
export const SERVICE_TYPE = 'parley';

/**
 * What the TXT record carries. Short keys: a TXT string is at most 255 bytes.
 * - `name`: the server's name; `id`: its serverId; `proto`: the wire protocol version;
 * - `tls`: "1" when it serves HTTPS; `fp`: the certificate's SHA-256 (64 hex), with TLS only.
 */
export interface ParleyTxt {
  name: string;
  id: string;
  proto: string;
  tls: '0' | '1';
  fp?: string;
}

/**
 * Set to anything but "" or "0", this environment variable turns advertising off whatever the
 * caller asks: test suites set it so that a server they start never multicasts on a real network.
 */
export const NO_MDNS_ENV = 'PARLEY_NO_MDNS';

/** True when {@link NO_MDNS_ENV} turns advertising off. */
export function advertisingDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[NO_MDNS_ENV];
  return value !== undefined && value !== '' && value !== '0';
}

export interface Advertisement {
  /** Sends the goodbye packets and closes the mDNS socket. */
  stop(): Promise<void>;
}

/**
 * Advertises a server on the LAN over mDNS/DNS-SD, with bonjour-service (a maintained
 * multicast-dns responder). The instance name carries part of the serverId, so two servers that
 * share a name on one network stay two services. Does nothing (no socket is opened) when
 * {@link advertisingDisabled}, so the CLI and the desktop host entry both honour the switch.
 */
export function advertise(
  service: { name: string; serverId: string; port: number; protocol: number; fingerprint?: string },
  logger: Logger,
): Advertisement {
  if (advertisingDisabled()) {
    logger.info(`${NO_MDNS_ENV} is set: not advertising on the LAN.`);
    return { stop: () => Promise.resolve() };
  }
  const bonjour = new Bonjour({}, (error: unknown) => logger.warn('mdns:', error));
  const txt: ParleyTxt = {
    name: service.name,
    id: service.serverId,
    proto: String(service.protocol),
    tls: service.fingerprint ? '1' : '0',
    ...(service.fingerprint ? { fp: service.fingerprint } : {}),
  };
  bonjour.publish({
    name: `${service.name} (${service.serverId.slice(0, 8)})`,
    type: SERVICE_TYPE,
    port: service.port,
    txt: { ...txt },
  });
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      });
      return stopped;
    },
  };
}
