import type { MessageTarget } from '../../../main/ipc-channels';

/**
 * The web form of a message link: `<server origin>/#room=<id>&message=<id>`. The server serves
 * the web client at its origin, so the link opens it there; the room and message go in the
 * fragment, which browsers never send to the server (nothing of them reaches its logs). The
 * desktop app's own form, `parley://open?…`, is made and read in the main process.
 *
 * A fragment can be typed or altered by anyone, so it is read as strictly as main reads its
 * links: exactly `room` and `message`, once each, positive decimal ids, nothing else.
 */

/** A room and message named by a link, or why the link is refused (in words for people). */
export type LinkedMessage =
  { ok: true; roomId: number; messageId: number } | { ok: false; message: string };

const MAX_FRAGMENT = 200;
const KNOWN = ['room', 'message'];

/** A positive id as the server gives them: decimal digits only, no sign, no leading zero. */
function id(value: string | null): number | undefined {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

/** The https link of a message, for a browser (or anyone without the desktop app). */
export function webMessageLink(target: MessageTarget): string {
  const { origin } = new URL(target.serverUrl);
  return `${origin}/#room=${target.roomId}&message=${target.messageId}`;
}

/**
 * Reads a page's fragment (`location.hash`). Null when it is not meant as a message link at all
 * (empty, or not starting with `room=` or `message=`); refused with why when it is a broken or
 * altered one.
 */
export function readMessageFragment(hash: string): LinkedMessage | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!/^(room|message)=/.test(body)) return null;
  const refused = (message: string): LinkedMessage => ({ ok: false, message });
  if (body.length > MAX_FRAGMENT) return refused('This message link is too long to be genuine');
  const params = new URLSearchParams(body);
  const unknown = [...new Set(params.keys())].filter((key) => !KNOWN.includes(key));
  if (unknown.length > 0)
    return refused(`This message link has parts Parley does not know (${unknown.join(', ')})`);
  // A repeated part could be read two ways (the first or the last): neither is trusted.
  if (KNOWN.some((key) => params.getAll(key).length > 1))
    return refused('This message link names something twice');
  const roomId = id(params.get('room'));
  const messageId = id(params.get('message'));
  if (roomId === undefined || messageId === undefined)
    return refused('This message link does not name a valid room and message');
  return { ok: true, roomId, messageId };
}

/** True when two server addresses are the same server (scheme, host and port). */
export function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * A link in a message that is the web link of a message of `serverUrl` (this very server), read;
 * undefined for any other link. Such a link opens in place instead of in a new tab.
 */
export function linkedMessageOf(
  href: string,
  serverUrl: string,
): { roomId: number; messageId: number } | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (!sameServer(url.href, serverUrl) || url.pathname !== '/' || url.search !== '')
    return undefined;
  const read = readMessageFragment(url.hash);
  return read?.ok ? { roomId: read.roomId, messageId: read.messageId } : undefined;
}
