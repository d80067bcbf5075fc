import type { MessageTarget } from '../../../main/ipc-channels';
import { sameServer } from './message-link';

/**
 * "Open this message" from outside a server's chat: a desktop message link (the shell that read
 * it knows nothing of the chat's rooms), or a message link clicked inside a message. The chat of
 * that server may not be signed in yet: the request is kept until a chat of that server takes it
 * (at once when one is showing, else when one appears after sign-in). One request waits per
 * server: a link for one server never drops another server's; a newer link for the same server
 * replaces the older one, and the caller is told so, to say it.
 */
const EVENT = 'parley:open-message';
const pending: MessageTarget[] = [];

/**
 * Asks the chat of `target.serverUrl` to open the room at the message. True when it replaced a
 * request for that server that was still waiting (its chat not signed in yet).
 */
export function requestMessage(target: MessageTarget): boolean {
  const earlier = pending.findIndex((waiting) => sameServer(waiting.serverUrl, target.serverUrl));
  if (earlier >= 0) pending.splice(earlier, 1);
  pending.push(target);
  window.dispatchEvent(new CustomEvent(EVENT));
  // Taken at once by a chat that is showing: nothing was left waiting to be replaced.
  return earlier >= 0 && pending.includes(target);
}

/**
 * Calls `open` for every message of `serverUrl` asked for, including one asked for before this
 * call. Returns the function that stops listening.
 */
export function onMessageRequest(
  serverUrl: string,
  open: (target: MessageTarget) => void,
): () => void {
  const take = () => {
    const index = pending.findIndex((waiting) => sameServer(waiting.serverUrl, serverUrl));
    const [target] = index >= 0 ? pending.splice(index, 1) : [];
    if (target) open(target);
  };
  take();
  window.addEventListener(EVENT, take);
  return () => window.removeEventListener(EVENT, take);
}
