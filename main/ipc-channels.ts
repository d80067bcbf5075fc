/**
 * The values that cross the IPC between the renderer and the main process. The channels
 * themselves are declared once, in `ipc-contract.ts`.
 */
import type { HostReach } from '../server/host-protocol';
import type { RegistrationPolicy } from '../server/protocol';

/** A server in the sidebar. The URL (an http(s) origin) is its identity. */
export interface SavedServer {
  name: string;
  url: string;
  /** For https servers with a self-signed certificate: its pinned SHA-256 (64 hex digits). */
  fingerprint?: string;
}

/** The hosting screen's settings, kept in the settings file. */
export interface HostSettings {
  name: string;
  /** 1–65535; the host picks this port or reports that it is taken. */
  port: number;
  reach: HostReach;
  registration: RegistrationPolicy;
  /** Start hosting when the app starts. */
  autoStart: boolean;
}

export type HostState = 'stopped' | 'starting' | 'running' | 'stopping' | 'crashed' | 'failed';

/** What the host screen and the tray show. */
export interface HostStatus {
  state: HostState;
  /** Every URL people can use to join (all LAN addresses when reach is `lan`). */
  urls: string[];
  /** Open sockets and the distinct people behind them. */
  connections: number;
  people: number;
  /** Why it failed or crashed, in words for people. */
  message?: string;
  /** Automatic restarts after crashes since hosting was started. */
  restarts: number;
  /** The certificate's SHA-256 (64 hex digits) when hosting for the LAN over TLS. */
  fingerprint?: string;
  /** The port it listens on, while running. */
  port?: number;
  /**
   * While the hosted server has no owner: the one-time code that creating the owner needs. The
   * hosting screen shows it, and the app fills it in on this computer's own sign-up form.
   */
  setupCode?: string;
}

/** The hosting data dir's last backup, made from the host screen (kept in the settings). */
export interface LastBackup {
  /** When its database snapshot was taken, in milliseconds since the epoch. */
  at: number;
  /** The folder the person chose, and the archive's name in it. */
  folder: string;
  file: string;
  bytes: number;
}
/** How "Back up now" ended: done, the folder dialog cancelled, or failed (with why, in words). */
export type HostBackupResult =
  | { ok: true; backup: LastBackup }
  | { ok: false; error: 'cancelled' }
  | { ok: false; error: 'failed'; message: string };

export interface RoomTarget {
  serverUrl: string;
  roomId: number;
}

export interface Notice extends RoomTarget {
  title: string;
  body: string;
}

/** An invitation to a server, read from a `parley://join` link. */
export interface Invite {
  serverUrl: string;
  name: string;
  /** The certificate to pin (https servers with a self-signed certificate). */
  fingerprint?: string;
  /** A single-use code, for servers whose registration is by invite. */
  code?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}
export type InviteResult = { ok: true; invite: Invite } | { ok: false; message: string };

/** A Parley server found on the LAN over mDNS. */
export interface LanServer {
  name: string;
  url: string;
  serverId: string;
  fingerprint?: string;
}

/** A certificate that differs from the one pinned for its host. */
export interface PinMismatch {
  pinned: string;
  presented: string;
  /** The saved server that holds the pin: this address, or another port of the same host. */
  pinnedBy: string;
}

/** What a server shows before it is added: whether it speaks TLS, and with which certificate. */
export interface ServerInspection {
  url: string;
  tls: boolean;
  /** The certificate it presents (with TLS). */
  fingerprint?: string;
  /** True when the system's CAs vouch for the certificate: no pin is needed. */
  authorized?: boolean;
  /** Set when its host has a pin and the certificate does not match it. */
  mismatch?: PinMismatch;
  /** From `GET /api/info`, fetched over the pinned connection. */
  name?: string;
  serverId?: string;
  error?: string;
}

/**
 * Whether a server from an invite or mDNS may be saved, and what the person should know first.
 * The same rule is enforced again when it is added.
 */
export interface ServerCheck {
  /** Its fingerprint differs from its host's pin: refused (someone may be impersonating it). */
  mismatch?: PinMismatch;
  /** Refused for another reason, in words for people. */
  refused?: string;
  /** The saved server at this very address, if any. */
  saved?: SavedServer;
  /** Saved servers at other addresses whose names read the same (lookalike letters included). */
  lookalikes: SavedServer[];
}

/**
 * How a download ended: saved (under `name`, in the Downloads folder, maybe numbered to keep an
 * older file), cancelled, or failed (refused by the server, interrupted, or never started).
 */
export type DownloadResult =
  { ok: true; name: string } | { ok: false; error: 'cancelled' | 'failed' };

/** The desktop app's own preferences (the settings dialog), kept in the settings file. */
export interface AppSettings {
  /** Open Parley when the person signs in to the computer. */
  startAtLogin: boolean;
  /** When opened at sign-in: start in the tray, without a window. */
  startHidden: boolean;
  /** Spell-check in the composer and every text field. */
  spellcheck: boolean;
  /** Chromium language codes (`en-US`, `fr`…); null: the system's languages. */
  spellcheckLanguages: string[] | null;
}

/** What the settings dialog shows: the settings, what this machine offers, and the policy. */
export interface AppSettingsView {
  settings: AppSettings;
  /** The languages Chromium's spell-checker offers here (empty on macOS: the OS checker). */
  spellcheckAvailable: string[];
  /** The languages in effect now (the system's when `spellcheckLanguages` is null). */
  spellcheckActive: string[];
  /** False where the OS offers no way to start at sign-in. */
  loginItemSupported: boolean;
  policy: PolicyState;
}

/**
 * The organisation's policy file (`docs/deployment-desktop.md`), as the app applies it. Each
 * lock means that the matching control shows a lock and main refuses the change.
 */
export interface PolicyState {
  /** The policy file that was read, when there is one. */
  file?: string;
  /** The file exists but could not be used, in words for people: nothing of it applies. */
  error?: string;
  /**
   * The file applies, but part of it was left out, in words for people: a preset server that
   * disagrees with a certificate the person saved (presets never replace a saved pin).
   */
  notice?: string;
  locks: {
    /** Servers cannot be added or removed. */
    servers: boolean;
    /** Hosting is disabled. */
    hosting: boolean;
    /** Start at sign-in is off and cannot be turned on. */
    startAtLogin: boolean;
    /** The update channel is set by the policy. */
    updates: boolean;
  };
  /** URLs of the servers the policy presets: they are always in the rail. */
  presetServers: string[];
  /** `off`: this installation never looks for updates. */
  updateChannel: 'default' | 'off';
}

/** Why every server session should reconnect now (the socket's back-off timer may be asleep). */
export type WakeReason = 'resume' | 'unlock-screen' | 'network';

/** One message of one room of a saved (or offered) server. */
export interface MessageTarget extends RoomTarget {
  messageId: number;
}
/** A `parley://open` link, read; refused with why, in words for people. */
export type MessageLinkResult =
  { ok: true; target: MessageTarget } | { ok: false; message: string };

/** A right-click on a message row: main shows the native menu for it. */
export interface MessageMenuRequest {
  target: MessageTarget;
  /** The http(s) link under the pointer, if any. */
  linkUrl?: string;
  /** Text is selected (the menu offers Copy). */
  selection: boolean;
  /**
   * Where to open the menu, in window coordinates: given when the keyboard asked for it (the
   * focused row's place); without, it opens at the mouse pointer.
   */
  x?: number;
  y?: number;
}
