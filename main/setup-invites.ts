import type { HostController } from './host/host-controller';
import { handle, type OwnContents } from './ipc';
import { inviteLink, inviteText, parseInvite } from './invite-link';
import { createLinkRouter } from './link-router';
import type { SettingsStore } from './settings';
import type { Windows } from './window';

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

/** What invites need once the app is ready. */
export interface InviteDeps {
  own: OwnContents;
  windows: Windows;
  settings: SettingsStore;
  host: HostController;
}

/**
 * Invites: the IPC to make and read them, and (through the link router, which also carries
 * `parley://open` message links) the `parley://` links that open the app. An opened invite goes
 * to the renderer, which adds the server with its pinned fingerprint and opens registration with
 * the code filled in.
 *
 * Two steps, because links can come before the app is ready: `listen()` (call it before then:
 * macOS sends the link that started the app as `open-url` that early; Windows and Linux pass it
 * in argv) keeps a link until `start()` has the windows to show it in.
 */
export function createInvites(argv: readonly string[] = process.argv) {
  const links = createLinkRouter(argv);
  return {
    listen: () => links.listen(),

    start(deps: InviteDeps): void {
      const { own, settings, host } = deps;
      links.start(deps);
      handle('invite:parse', own, (text) => parseInvite(text));
      handle('invite:make', own, ({ serverUrl, code, expiresAt }) => {
        const invite = { ...shareable(serverUrl, settings, host), code, expiresAt };
        return { link: inviteLink(invite), text: inviteText(invite) };
      });
    },
  };
}
