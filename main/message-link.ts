import type { MessageLinkResult, MessageTarget } from './ipc-channels';
import { serverOrigin } from './invite-link';

/**
 * Message links: `parley://open?server=<origin>&room=<id>&message=<id>`. "Copy message link"
 * makes them; opening one brings Parley forward at that message. Like invites they come from
 * outside (a chat, an email, a web page), so every part is checked and anything unknown refused.
 */
const KNOWN = new Set(['server', 'room', 'message']);
const MAX_LINK = 2048;
const PREFIX = 'parley://open?';

const refuse = (message: string): MessageLinkResult => ({ ok: false, message });

/** A positive id as the server gives them: decimal digits only, no sign, no leading zero. */
function id(value: string | null): number | undefined {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

/** True for a link this module reads (the protocol handler routes `parley://open` here). */
export const isMessageLink = (link: string): boolean => link.startsWith(PREFIX);

/** Reads a message link; a hostile or broken one is refused with why, in words for people. */
export function parseMessageLink(link: string): MessageLinkResult {
  if (!isMessageLink(link)) return refuse('This is not a Parley message link.');
  if (link.length > MAX_LINK) return refuse('This message link is too long to be genuine.');
  let params: URLSearchParams;
  try {
    params = new URL(link).searchParams;
  } catch {
    return refuse('This message link is not a valid address.');
  }
  const unknown = [...new Set(params.keys())].filter((key) => !KNOWN.has(key));
  if (unknown.length > 0)
    return refuse(`This message link has parts Parley does not know (${unknown.join(', ')}).`);
  // A repeated part could be read two ways (the first or the last): neither is trusted.
  if ([...KNOWN].some((key) => params.getAll(key).length > 1))
    return refuse('This message link names something twice.');
  const serverUrl = serverOrigin(params.get('server'));
  if (!serverUrl)
    return refuse('The server address in this message link is not a valid http(s) address.');
  const roomId = id(params.get('room'));
  const messageId = id(params.get('message'));
  if (roomId === undefined || messageId === undefined)
    return refuse('This message link does not name a valid room and message.');
  return { ok: true, target: { serverUrl, roomId, messageId } };
}

/** The link of a message. */
export function messageLink(target: MessageTarget): string {
  const params = new URLSearchParams({
    server: target.serverUrl,
    room: String(target.roomId),
    message: String(target.messageId),
  });
  return `${PREFIX}${params.toString()}`;
}
