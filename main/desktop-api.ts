import type {
  InviteResult,
  LanServer,
  HostSettings,
  HostStatus,
  Notice,
  RendererToMain,
  RoomTarget,
  SavedServer,
} from './ipc-channels';

type Answer<C extends keyof RendererToMain> = Promise<ReturnType<RendererToMain[C]>>;

/**
 * The bridge the preload script exposes to the renderer as `window.parley`, one method per IPC
 * message (see `ipc-channels.ts`). The renderer imports this type only; in a plain browser
 * `window.parley` is undefined and the renderer falls back to web APIs.
 */
export interface DesktopApi {
  /** The refresh token kept for a server, or null (also when it could not be decrypted). */
  getRefreshToken(serverUrl: string): Answer<'token:get'>;
  /**
   * Keeps a refresh token, encrypted with the OS keychain. Resolves false when it could not be
   * stored safely (no keychain): the token then lives in memory for this run only.
   */
  setRefreshToken(serverUrl: string, token: string): Answer<'token:set'>;
  deleteRefreshToken(serverUrl: string): Answer<'token:delete'>;
  /** Opens an http(s) link in the system browser; anything else is refused. */
  openExternal(url: string): Answer<'shell:open-external'>;
  /** The unread total over every server, for the dock or taskbar badge. */
  setUnreadCount(count: number): Answer<'badge:set'>;
  /** A system notification; clicking it calls the listeners of onOpenRoom. */
  notify(notice: Notice): Answer<'notify'>;
  /** The saved servers of the sidebar. */
  listServers(): Answer<'servers:list'>;
  /** Adds (or renames) a server; resolves with the new list. */
  addServer(server: SavedServer): Answer<'servers:add'>;
  removeServer(url: string): Answer<'servers:remove'>;
  /** The hosting settings and the hosted server's status. */
  getHost(): Answer<'host:get'>;
  /** Saves the settings and (re)starts hosting with them; resolves once running or failed. */
  startHost(settings: HostSettings): Answer<'host:start'>;
  stopHost(): Answer<'host:stop'>;
  /**
   * Looks at a server before adding it: TLS or not, its certificate fingerprint (for the person
   * to compare), whether it matches a pin, and its name.
   */
  inspectServer(url: string): Answer<'servers:inspect'>;
  /**
   * Before saving a server from an invite or mDNS: refused when its fingerprint differs from its
   * host's pin; else whether it is saved already, and saved servers with a lookalike name.
   */
  checkServer(server: SavedServer): Answer<'servers:check'>;
  /** Parley servers on the LAN (mDNS), as of now. */
  listLanServers(): Answer<'lan:list'>;
  /** An invite link and its text form, for a server this person owns. */
  makeInvite(request: {
    serverUrl: string;
    code?: string;
    expiresAt: number;
  }): Answer<'invite:make'>;
  /** Reads a pasted invite (the link, or the text form around it). */
  parseInvite(text: string): Answer<'invite:parse'>;
  /** The invite link the app was started with, if any (once). */
  pendingInvite(): Answer<'invite:pending'>;
  /** Called when a notification is clicked. Returns a function that removes the listener. */
  onOpenRoom(listener: (target: RoomTarget) => void): () => void;
  /** Called on every change of the hosted server's status. Returns an unsubscribe function. */
  onHostStatus(listener: (status: HostStatus) => void): () => void;
  /** Called whenever the list of LAN servers changes. */
  onLanServers(listener: (servers: LanServer[]) => void): () => void;
  /** Called when an invite link is opened while the app runs. */
  onInvite(listener: (result: InviteResult) => void): () => void;
}

declare global {
  interface Window {
    parley?: DesktopApi;
  }
}
