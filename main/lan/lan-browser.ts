import { Bonjour, type Service } from 'bonjour-service';
import { isIPv4 } from 'node:net';
import type { LanServer } from '../ipc-channels';
import { FINGERPRINT } from '../../server/shared/fingerprint';

/** `_parley._tcp`, as the server advertises it (server/lan/advertise.ts). */
const SERVICE_TYPE = 'parley';

/**
 * A LAN server from an mDNS answer, or undefined when the answer is not a usable Parley server.
 * TXT records come from anyone on the network, so every field is checked like any other input.
 */
export function toLanServer(service: Service): LanServer | undefined {
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  const name = typeof txt.name === 'string' ? txt.name.trim() : '';
  const id = typeof txt.id === 'string' ? txt.id : '';
  const tls = txt.tls === '1' || txt.tls === 1;
  const fp = typeof txt.fp === 'string' ? txt.fp.toLowerCase() : undefined;
  if (!name || name.length > 64 || !/^[\w-]{1,64}$/.test(id)) return undefined;
  if (tls && (!fp || !FINGERPRINT.test(fp))) return undefined;
  const port = service.port;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const address =
    service.referer?.family === 'IPv4' ? service.referer.address : service.addresses?.find(isIPv4);
  if (!address) return undefined;
  const url = `${tls ? 'https' : 'http'}://${address}:${port}`;
  return { name, url, serverId: id, ...(tls ? { fingerprint: fp } : {}) };
}

export interface LanBrowser {
  list(): LanServer[];
  /** Stops browsing and closes the mDNS socket. */
  stop(): void;
}

/** Browses the LAN for Parley servers; `onChange` gets the whole list whenever it changes. */
export function browseLan(onChange: (servers: LanServer[]) => void): LanBrowser {
  const bonjour = new Bonjour();
  const found = new Map<string, LanServer>();
  const browser = bonjour.find({ type: SERVICE_TYPE });
  const list = () => [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  const seen = (service: Service) => {
    const server = toLanServer(service);
    if (server) found.set(service.fqdn, server);
    else found.delete(service.fqdn);
    onChange(list());
  };
  browser.on('up', seen);
  browser.on('txt-update', seen);
  browser.on('srv-update', seen);
  browser.on('down', (service) => {
    if (found.delete(service.fqdn)) onChange(list());
  });
  let stopped = false;
  return {
    list,
    stop() {
      if (stopped) return;
      stopped = true;
      browser.stop();
      bonjour.destroy();
    },
  };
}
