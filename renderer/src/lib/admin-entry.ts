/**
 * "Open admin panel" from the desktop host screen, for the server this computer hosts. The host
 * screen and that server's chat live in different parts of the app, and the chat may not be
 * signed in yet: the request is kept until a chat of that server takes it (at once when one is
 * showing, else when it appears after sign-in).
 */
const EVENT = 'parley:open-admin';
let pending: string | null = null;

/** Asks the chat of `serverUrl` to open its admin panel. */
export function requestAdminPanel(serverUrl: string): void {
  pending = serverUrl;
  window.dispatchEvent(new CustomEvent(EVENT, { detail: serverUrl }));
}

/**
 * Calls `open` whenever the admin panel of `serverUrl` is asked for, including a request made
 * before this call. Returns the function that stops listening.
 */
export function onAdminPanelRequest(serverUrl: string, open: () => void): () => void {
  const take = () => {
    if (pending !== serverUrl) return;
    pending = null;
    open();
  };
  take();
  window.addEventListener(EVENT, take);
  return () => window.removeEventListener(EVENT, take);
}
