import type { HostController } from './host/host-controller';
import type { SettingsStore } from './settings';

/** A server as other people reach it: what invites and message links carry. */
export interface ShareableServer {
  serverUrl: string;
  name: string;
  /** The certificate people pin (a saved server's pin, or the hosted server's own). */
  fingerprint?: string;
}

/** Loopback names: what only this computer can reach. */
const isLoopback = (hostname: string) =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/**
 * The address (and name and pin) to give other people for a saved server. Any server but a
 * loopback one is given as saved. The server this app hosts is reached by its owner on
 * 127.0.0.1, an address that would send everyone else to their own computer: it is given by its
 * LAN address and certificate instead. A loopback server that is not the one hosted here, or one
 * hosted for this computer only, has nothing to give: that is refused, with why, so that a link
 * or invite never names an address its reader cannot reach.
 *
 * Invites and "Copy message link" both use this one rule.
 *
 * @param purpose what the person was doing, for the refusal's words ("invite people").
 */
export function shareable(
  serverUrl: string,
  settings: SettingsStore,
  host: Pick<HostController, 'getStatus'>,
  purpose: string,
): ShareableServer {
  const url = new URL(serverUrl);
  const saved = settings.get().servers.find((server) => server.url === serverUrl);
  if (!isLoopback(url.hostname))
    return { serverUrl, name: saved?.name ?? 'Parley', fingerprint: saved?.fingerprint };
  const status = host.getStatus();
  // Only the server this app runs has a LAN address we know; it listens on one port.
  const hosted = status.state === 'running' && status.port === portOf(url);
  const lan = hosted ? status.urls.find((each) => !isLoopback(new URL(each).hostname)) : undefined;
  if (!lan)
    throw new Error(
      `This server is reachable from this computer only: host it for the LAN to ${purpose}.`,
    );
  return {
    serverUrl: new URL(lan).origin,
    name: settings.get().host.name,
    fingerprint: status.fingerprint,
  };
}
