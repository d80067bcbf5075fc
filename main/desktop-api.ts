/**
 * The bridge the preload script exposes to the renderer as `window.parley`, one method per IPC
 * message. The renderer imports this type only; in a plain browser `window.parley` is undefined
 * and the renderer falls back to web APIs.
 */
export interface DesktopApi {
  /** The refresh token kept for a server, or null. */
  getRefreshToken(serverUrl: string): Promise<string | null>;
  /**
   * Keeps a refresh token, encrypted with the OS keychain. Resolves false when it could not be
   * stored safely (no keychain): the token then lives in memory for this run only.
   */
  setRefreshToken(serverUrl: string, token: string): Promise<boolean>;
  deleteRefreshToken(serverUrl: string): Promise<void>;
  /** Opens an http(s) link in the system browser; anything else is refused. */
  openExternal(url: string): Promise<void>;
  /** The unread total, for the dock or taskbar badge. */
  setUnreadCount(count: number): Promise<void>;
  /** A system notification; clicking it calls the listeners of onOpenRoom. */
  notify(notice: { serverUrl: string; roomId: number; title: string; body: string }): Promise<void>;
  /** Called when a notification is clicked. Returns a function that removes the listener. */
  onOpenRoom(listener: (target: { serverUrl: string; roomId: number }) => void): () => void;
}

declare global {
  interface Window {
    parley?: DesktopApi;
  }
}
