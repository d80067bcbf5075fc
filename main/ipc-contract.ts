/**
 * Every IPC channel between the renderer and the main process, declared once: the bridge
 * method's name, its channel, which side starts it and what it answers. Everything else is
 * derived from this table: the preload builds `window.parley` by walking it, {@link DesktopApi}
 * is its type, and main's `handle()` / `broadcast()` take their channel names and types from it.
 * The arguments of each request are the tuple schema main checks them with (`ipc-schemas.ts`,
 * imported here as a type only, so that zod stays out of the preload bundle).
 */
import type { z } from 'zod';
import type {
  AppSettingsView,
  DownloadResult,
  HostBackupResult,
  HostSettings,
  HostStatus,
  InviteResult,
  LastBackup,
  LanServer,
  MessageLinkResult,
  PolicyState,
  RoomTarget,
  SavedServer,
  ServerCheck,
  ServerInspection,
  WakeReason,
} from './ipc-channels';
import type { argSchemas } from './ipc-schemas';

type Schemas = typeof argSchemas;

/** Renderer → main with `ipcRenderer.invoke`; main answers with `R`. */
interface Request<C extends string, R> {
  kind: 'invoke';
  channel: C;
  /** Never set: carries the answer's type. */
  answer?: R;
}
/** Main → renderer with `webContents.send`; the renderer's listener gets `A`. */
interface Broadcast<C extends string, A extends unknown[]> {
  kind: 'event';
  channel: C;
  /** Never set: carries the listener's arguments. */
  args?: A;
}

const request = <R>() => {
  return <C extends string>(channel: C): Request<C, R> => ({ kind: 'invoke', channel });
};
const event = <A extends unknown[]>() => {
  return <C extends string>(channel: C): Broadcast<C, A> => ({ kind: 'event', channel });
};

/** The table: bridge method → channel. The TSDoc here is what `window.parley` shows. */
export const channels = {
  /** The refresh token kept for a server, or null (also when it could not be decrypted). */
  getRefreshToken: request<string | null>()('token:get'),
  /**
   * Keeps a refresh token, encrypted with the OS keychain. Resolves false when it could not be
   * stored safely (no keychain): the token then lives in memory for this run only.
   */
  setRefreshToken: request<boolean>()('token:set'),
  deleteRefreshToken: request<void>()('token:delete'),
  /** Opens an http(s) link in the system browser; anything else is refused. */
  openExternal: request<void>()('shell:open-external'),
  /** The unread total over every server, for the dock or taskbar badge. */
  setUnreadCount: request<void>()('badge:set'),
  /** A system notification; clicking it calls the listeners of onOpenRoom. */
  notify: request<void>()('notify'),
  /** The saved servers of the sidebar. */
  listServers: request<SavedServer[]>()('servers:list'),
  /** Adds (or renames) a server; resolves with the new list. */
  addServer: request<SavedServer[]>()('servers:add'),
  removeServer: request<SavedServer[]>()('servers:remove'),
  /** The hosting settings and the hosted server's status. */
  getHost: request<{ settings: HostSettings; status: HostStatus }>()('host:get'),
  /** Saves the settings and (re)starts hosting with them; resolves once running or failed. */
  startHost: request<HostStatus>()('host:start'),
  stopHost: request<HostStatus>()('host:stop'),
  /**
   * Backs the hosted server's data up (it may be running) into a folder the person picks in the
   * OS dialog that main opens; resolves when done, cancelled or failed.
   */
  backupHost: request<HostBackupResult>()('host:backup'),
  /** When and where the last backup from this screen went, or null: never. */
  getLastBackup: request<LastBackup | null>()('host:last-backup'),
  /**
   * Looks at a server before adding it: TLS or not, its certificate fingerprint (for the person
   * to compare), whether it matches a pin, and its name.
   */
  inspectServer: request<ServerInspection>()('servers:inspect'),
  /**
   * Before saving a server from an invite or mDNS: refused when its fingerprint differs from its
   * host's pin; else whether it is saved already, and saved servers with a lookalike name.
   */
  checkServer: request<ServerCheck>()('servers:check'),
  /** Parley servers on the LAN (mDNS), as of now. */
  listLanServers: request<LanServer[]>()('lan:list'),
  /** An invite link and its text form, for a server this person owns. */
  makeInvite: request<{ link: string; text: string }>()('invite:make'),
  /** Reads a pasted invite (the link, or the text form around it). */
  parseInvite: request<InviteResult>()('invite:parse'),
  /** The invite link the app was started with, if any (once). */
  pendingInvite: request<InviteResult | null>()('invite:pending'),
  /**
   * Saves a file to the Downloads folder through Electron's download handling; it is never
   * opened. Takes a signed download URL, absolute (`<server origin>/files/<id>?…`), of a saved
   * server; anything else is refused (the promise rejects). Resolves when the download ends.
   */
  downloadFile: request<DownloadResult>()('files:download'),
  /** The desktop preferences, what this machine offers for them, and the policy's locks. */
  getAppSettings: request<AppSettingsView>()('app-settings:get'),
  /** Saves the preferences (a locked one is refused) and applies them; resolves with the view. */
  setAppSettings: request<AppSettingsView>()('app-settings:set'),
  /** The organisation's policy as applied (locks, preset servers, a broken file's error). */
  getPolicy: request<PolicyState>()('policy:get'),
  /** Shows the native context menu of a message row (copy, links, "Copy message link"). */
  showMessageMenu: request<void>()('menu:message'),
  /** Puts the `parley://open` link of a message on the clipboard. */
  copyMessageLink: request<void>()('message-link:copy'),
  /** The message link the app was started with, if any (once). */
  pendingMessageLink: request<MessageLinkResult | null>()('message-link:pending'),
  /** Called when a notification is clicked. Returns a function that removes the listener. */
  onOpenRoom: event<[target: RoomTarget]>()('room:open'),
  /** Called on every change of the hosted server's status. Returns an unsubscribe function. */
  onHostStatus: event<[status: HostStatus]>()('host:status'),
  /** Called whenever the list of LAN servers changes. */
  onLanServers: event<[servers: LanServer[]]>()('lan:servers'),
  /** Called when an invite link is opened while the app runs. */
  onInvite: event<[result: InviteResult]>()('invite:open'),
  /** Called when a `parley://open` message link is opened while the app runs. */
  onOpenMessage: event<[result: MessageLinkResult]>()('message-link:open'),
  /** Called on resume from sleep, on unlocking the screen and on a change of network. */
  onWake: event<[reason: WakeReason]>()('system:wake'),
};

type Table = typeof channels;
type Entry = Table[keyof Table];

export type InvokeChannel = Extract<Entry, { kind: 'invoke' }>['channel'];
export type EventChannel = Extract<Entry, { kind: 'event' }>['channel'];
/** What the renderer passes (before main's schema has trimmed anything). */
export type ArgsOf<C extends string> = C extends keyof Schemas ? z.input<Schemas[C]> : never;
/** What main's handler gets: the arguments as the schema parsed them. */
export type CheckedArgsOf<C extends string> = C extends keyof Schemas
  ? z.output<Schemas[C]>
  : never;
export type AnswerOf<C extends InvokeChannel> =
  Extract<Entry, { channel: C }> extends Request<C, infer R> ? R : never;
export type EventArgsOf<C extends EventChannel> =
  Extract<Entry, { channel: C }> extends Broadcast<C, infer A> ? A : never;

/**
 * The bridge the preload exposes as `window.parley`: one method per entry of {@link channels}.
 * A request resolves with main's answer (and rejects when main refuses); an event method takes
 * a listener and returns the function that removes it.
 */
export type BridgeApi = {
  [M in keyof Table]: Table[M] extends Request<infer C, infer R>
    ? (...args: ArgsOf<C>) => Promise<R>
    : Table[M] extends Broadcast<string, infer A>
      ? (listener: (...args: A) => void) => () => void
      : never;
};
