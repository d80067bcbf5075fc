import { resolve } from 'node:path';
import { app, type WebContents } from 'electron';
import { parseInvite } from './invite-link';
import { broadcast, handle, type OwnContents } from './ipc';
import { isMessageLink, parseMessageLink } from './message-link';
import type { Windows } from './window';

const PROTOCOL = 'parley';
/** Links of one kind kept for a page that cannot hear them yet; past this, the oldest goes. */
export const MAX_WAITING_LINKS = 5;

/** The two kinds of `parley://` link: `parley://open` (a message), anything else an invite. */
type Kind = 'invite' | 'message';
const KINDS: readonly Kind[] = ['invite', 'message'];

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
 * A page hears links only once React has mounted the shell, which subscribes and asks for the
 * waiting link (`invite:pending`, `message-link:pending`) in the same step. So a page counts as
 * listening for a kind only once it has asked for it, and stops when it navigates away, reloads,
 * crashes or is destroyed; until a page listens, links wait (up to {@link MAX_WAITING_LINKS} of
 * each kind, in order) and the next ask hands them over. Nothing is sent into a page that
 * cannot hear it. Two steps, as for invites: `listen()` before the app is ready (macOS sends the
 * starting link that early), `start()` once it is.
 */
export function createLinkRouter(
  argv: readonly string[] = process.argv,
  log: (message: string) => void = console.warn,
) {
  const waiting: Record<Kind, string[]> = { invite: [], message: [] };
  const listening: Record<Kind, WeakSet<WebContents>> = {
    invite: new WeakSet(),
    message: new WeakSet(),
  };
  const watched = new WeakSet<WebContents>();
  /** Set by start(): until then, links only wait. */
  let deps: LinkDeps | undefined;

  const keep = (kind: Kind, link: string) => {
    const queue = waiting[kind];
    queue.push(link);
    if (queue.length > MAX_WAITING_LINKS) {
      queue.shift();
      log(`links: more than ${MAX_WAITING_LINKS} ${kind} links waited; the oldest was dropped`);
    }
  };
  const listeners = (kind: Kind) =>
    (deps?.own() ?? []).filter((page) => !page.isDestroyed() && listening[kind].has(page));
  const send = (kind: Kind, link: string) => {
    const pages = () => listeners(kind);
    if (kind === 'message') broadcast(pages, 'message-link:open', parseMessageLink(link));
    else broadcast(pages, 'invite:open', parseInvite(link));
  };

  const deliver = (link: string) => {
    const kind = kindOf(link);
    if (!deps) return keep(kind, link);
    deps.windows.show();
    if (listeners(kind).length > 0) send(kind, link);
    else keep(kind, link);
  };

  /** A page that navigates (not within itself), crashes or goes has no listener any more. */
  const watch = (page: WebContents) => {
    if (watched.has(page)) return;
    watched.add(page);
    const forget = () => KINDS.forEach((kind) => listening[kind].delete(page));
    page.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) forget();
    });
    page.on('render-process-gone', forget);
    page.once('destroyed', forget);
  };

  /**
   * The page asked for what waited: it listens from now on. `handle` let the call through only
   * from our window, and the app has one, so its page is the one asking. All but the newest
   * link go as events, sent before the answer (which carries the newest), so they come in order.
   */
  const asked = (kind: Kind): string | undefined => {
    for (const page of deps?.own() ?? []) {
      watch(page);
      listening[kind].add(page);
    }
    const links = waiting[kind].splice(0);
    const newest = links.pop();
    for (const link of links) send(kind, link);
    return newest;
  };

  return {
    listen(): void {
      const first = argv.find(isLink);
      if (first) keep(kindOf(first), first);
      app.on('open-url', (event, link) => {
        event.preventDefault();
        deliver(link);
      });
    },

    start(ready: LinkDeps): void {
      deps = ready;
      const { own } = ready;
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
        const link = asked('invite');
        return link === undefined ? null : parseInvite(link);
      });
      handle('message-link:pending', own, () => {
        const link = asked('message');
        return link === undefined ? null : parseMessageLink(link);
      });
    },
  };
}
