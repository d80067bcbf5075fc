import type { MessageTarget } from '../../../main/ipc-channels';
import { sameServer } from './message-link';

/**
 * "Open this message" from outside a server's chat: a desktop message link (the shell that read
 * it knows nothing of the chat's rooms), or a message link clicked inside a message. The chat of
 * that server may not be signed in yet: the request is kept until a chat of that server takes it
 * (at once when one is showing, else when one appears after sign-in). The newest request wins:
 * a link opened while another waits replaces it.
 */
const EVENT = 'parley:open-message';
let pending: MessageTarget | null = null;

/** Asks the chat of `target.serverUrl` to open the room at the message. */
export function requestMessage(target: MessageTarget): void {
  pending = target;
  window.dispatchEvent(new CustomEvent(EVENT));
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
    const target = pending;
    if (!target || !sameServer(target.serverUrl, serverUrl)) return;
    pending = null;
    open(target);
  };
  take();
  window.addEventListener(EVENT, take);
  return () => window.removeEventListener(EVENT, take);
}
