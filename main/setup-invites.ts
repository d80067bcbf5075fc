import { app } from 'electron';
import type { HostController } from './host/host-controller';
import { broadcast, handle, type OwnContents } from './ipc';
import { inviteLink, inviteText, parseInvite } from './invite-link';
import type { SettingsStore } from './settings';
import type { Windows } from './window';

const PROTOCOL = 'parley';

/**
 * The address and pin people use: as saved, or for the server this app hosts (which its owner
 * reaches on 127.0.0.1), its LAN address and certificate.
 */
function shareable(serverUrl: string, settings: SettingsStore, host: HostController) {
  const { hostname } = new URL(serverUrl);
  const saved = settings.get().servers.find((server) => server.url === serverUrl);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost')
    return { serverUrl, name: saved?.name ?? 'Parley', fingerprint: saved?.fingerprint };
  const status = host.getStatus();
  const lan = status.urls.find((url) => !new URL(url).hostname.startsWith('127.'));
  if (!lan)
    throw new Error(
      'This server is reachable from this computer only: host it for the LAN to invite people.',
    );
  return {
    serverUrl: new URL(lan).origin,
    name: settings.get().host.name,
    fingerprint: status.fingerprint,
  };
}

/**
 * Invites: the `parley://` protocol handler (links open the app, or reach the running one), and
 * the IPC to make and read them. An opened link goes to the renderer, which adds the server with
 * its pinned fingerprint and opens registration with the code filled in.
 */
export function setupInvites(deps: {
  own: OwnContents;
  windows: Windows;
  settings: SettingsStore;
  host: HostController;
}) {
  const { own, windows, settings, host } = deps;
  app.setAsDefaultProtocolClient(PROTOCOL);
  let pending: string | undefined = process.argv.find((arg) => arg.startsWith(`${PROTOCOL}://`));

  const open = (link: string) => {
    windows.show();
    broadcast(own, 'invite:open', parseInvite(link));
  };
  app.on('second-instance', (_event, argv) => {
    const link = argv.find((arg) => arg.startsWith(`${PROTOCOL}://`));
    if (link) open(link);
  });
  app.on('open-url', (event, link) => {
    event.preventDefault();
    if (own().length > 0) open(link);
    else pending = link;
  });

  handle('invite:parse', own, (text) => parseInvite(text));
  handle('invite:make', own, ({ serverUrl, code, expiresAt }) => {
    const invite = { ...shareable(serverUrl, settings, host), code, expiresAt };
    return { link: inviteLink(invite), text: inviteText(invite) };
  });
  // A link the app was started with waits until the renderer asks for it.
  handle('invite:pending', own, () => {
    const link = pending;
    pending = undefined;
    return link === undefined ? null : parseInvite(link);
  });
}
