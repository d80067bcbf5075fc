import { resolve } from 'node:path';
import { app } from 'electron';
import { parseInvite } from './invite-link';
import { broadcast, handle, type OwnContents } from './ipc';
import { isMessageLink, parseMessageLink } from './message-link';
import type { Windows } from './window';

const PROTOCOL = 'parley';

/** The two kinds of `parley://` link: `parley://open` (a message), anything else an invite. */
type Kind = 'invite' | 'message';

const isLink = (arg: string) => arg.startsWith(`${PROTOCOL}://`);
// Anything that is not a message link goes to the invite parser, which refuses what it does not
// know with a message: a stray `parley://` link is never dropped silently.
const kindOf = (link: string): Kind => (isMessageLink(link) ? 'message' : 'invite');

/** What the router needs once the app is ready. */
export interface LinkDeps {
  own: OwnContents;
  windows: Pick<Windows, 'show'>;
}

/**
 * The `parley://` protocol handler: links open the app, or reach the running one (macOS sends
 * `open-url`; Windows and Linux start a second instance with the link in its argv). Every link
 * brings the window forward and goes to the renderer, read: invites as `invite:open`, message
 * links as `message-link:open`.
 *
 * Links can come before the page can hear them (the one the app was started with, or one that
 * arrives while the window is only opening): such a link waits, one per kind, until the page asks
 * for it (`invite:pending`, `message-link:pending`), once. Two steps, as for invites: `listen()`
 * before the app is ready (macOS sends the starting link that early), `start()` once it is.
 */
export function createLinkRouter(argv: readonly string[] = process.argv) {
  const pending: Partial<Record<Kind, string>> = {};
  /** Set by start(): until then, links wait in `pending`. */
  let ready: LinkDeps | undefined;

  const send = (own: OwnContents, kind: Kind, link: string) => {
    if (kind === 'message') broadcast(own, 'message-link:open', parseMessageLink(link));
    else broadcast(own, 'invite:open', parseInvite(link));
  };

  const deliver = (link: string) => {
    const kind = kindOf(link);
    if (!ready) {
      pending[kind] = link;
      return;
    }
    const { own, windows } = ready;
    // A window that is only now opening asks for the link itself once its page has loaded.
    const opening = own().length === 0;
    windows.show();
    if (opening) pending[kind] = link;
    else send(own, kind, link);
  };

  /** The link of that kind that waited for the page, if any; given once. */
  const take = (kind: Kind) => {
    const link = pending[kind];
    delete pending[kind];
    return link;
  };

  return {
    listen(): void {
      const first = argv.find(isLink);
      if (first) pending[kindOf(first)] = first;
      app.on('open-url', (event, link) => {
        event.preventDefault();
        deliver(link);
      });
    },

    start(deps: LinkDeps): void {
      ready = deps;
      const { own } = deps;
      // From source (`electron .`), the OS must start Electron with the app's folder as argument.
      const fromSource = process.defaultApp && argv[1] !== undefined;
      if (fromSource)
        app.setAsDefaultProtocolClient(PROTOCOL, process.execPath, [resolve(argv[1] ?? '.')]);
      else app.setAsDefaultProtocolClient(PROTOCOL);
      app.on('second-instance', (_event, secondArgv: string[]) => {
        const link = secondArgv.find(isLink);
        if (link) deliver(link);
      });

      handle('invite:pending', own, () => {
        const link = take('invite');
        return link === undefined ? null : parseInvite(link);
      });
      handle('message-link:pending', own, () => {
        const link = take('message');
        return link === undefined ? null : parseMessageLink(link);
      });
    },
  };
}
