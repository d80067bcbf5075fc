import type { HostController } from './host/host-controller';
import { handle, type OwnContents } from './ipc';
import { inviteLink, inviteText, parseInvite } from './invite-link';
import { createLinkRouter } from './link-router';
import type { SettingsStore } from './settings';
import { shareable } from './shareable';
import type { Windows } from './window';

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
        const invite = {
          ...shareable(serverUrl, settings, host, 'invite people'),
          code,
          expiresAt,
        };
        return { link: inviteLink(invite), text: inviteText(invite) };
      });
    },
  };
}
