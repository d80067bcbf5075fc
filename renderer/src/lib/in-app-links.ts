/**
 * On the desktop, the web link of a message of any saved server opens in the app (the rail
 * switches to that server and its chat opens the message) rather than in the system browser.
 * The shell, which knows the saved servers, sets the route; a message's link asks it.
 */

/** Opens `href` in the app when it is a saved server's message link; false otherwise. */
export type InAppRoute = (href: string) => boolean;

let route: InAppRoute | null = null;

/** Sets the route; returns the function that removes it again. */
export function setInAppRoute(next: InAppRoute): () => void {
  route = next;
  return () => {
    if (route === next) route = null;
  };
}

/** True when the link was opened in the app (a saved server's message link on the desktop). */
export function openInApp(href: string): boolean {
  return route?.(href) ?? false;
}
