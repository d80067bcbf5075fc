import { resolve } from 'node:path';
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

const isInviteArg = (arg: string) => arg.startsWith(`${PROTOCOL}://`);

/** What invites need once the app is ready. */
export interface InviteDeps {
  own: OwnContents;
  windows: Windows;
  settings: SettingsStore;
  host: HostController;
}

/**
 * Invites: the `parley://` protocol handler (links open the app, or reach the running one), and
 * the IPC to make and read them. An opened link goes to the renderer, which adds the server with
 * its pinned fingerprint and opens registration with the code filled in.
 *
 * Two steps, because links can come before the app is ready: `listen()` (call it before then:
 * macOS sends the link that started the app as `open-url` that early; Windows and Linux pass it
 * in argv) keeps a link until `start()` has the windows to show it in.
 */
export function createInvites(argv: readonly string[] = process.argv) {
  /** A link that waits for the renderer to ask for it (`invite:pending`). */
  let pending: string | undefined;
  /** Set by start(): until then, links wait in `pending`. */
  let ready: InviteDeps | undefined;

  const deliver = (link: string) => {
    if (!ready) {
      pending = link;
      return;
    }
    const { own, windows } = ready;
    // A window that is only now opening asks for the link itself once its page has loaded.
    if (own().length === 0) pending = link;
    windows.show();
    if (pending !== link) broadcast(own, 'invite:open', parseInvite(link));
  };

  return {
    listen(): void {
      pending = argv.find(isInviteArg);
      app.on('open-url', (event, link) => {
        event.preventDefault();
        deliver(link);
      });
    },

    start(deps: InviteDeps): void {
      ready = deps;
      const { own, settings, host } = deps;
      // From source (`electron .`), the OS must start Electron with the app's folder as argument.
      const fromSource = process.defaultApp && argv[1] !== undefined;
      if (fromSource)
        app.setAsDefaultProtocolClient(PROTOCOL, process.execPath, [resolve(argv[1] ?? '.')]);
      else app.setAsDefaultProtocolClient(PROTOCOL);
      app.on('second-instance', (_event, secondArgv) => {
        const link = secondArgv.find(isInviteArg);
        if (link) deliver(link);
      });

      handle('invite:parse', own, (text) => parseInvite(text));
      handle('invite:make', own, ({ serverUrl, code, expiresAt }) => {
        const invite = { ...shareable(serverUrl, settings, host), code, expiresAt };
        return { link: inviteLink(invite), text: inviteText(invite) };
      });
      handle('invite:pending', own, () => {
        const link = pending;
        pending = undefined;
        return link === undefined ? null : parseInvite(link);
      });
    },
  };
}
