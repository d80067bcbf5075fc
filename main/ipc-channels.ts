/**
 * The IPC between the renderer and the main process, written once: one map per direction.
 * The preload implements {@link DesktopApi} on top of these; the main process handles them, with
 * every argument checked against `ipc-schemas.ts`.
 */
import type { HostReach } from '../server/host-protocol';
import type { RegistrationPolicy } from '../server/protocol';

/** A server in the sidebar. The URL (an http(s) origin) is its identity. */
export interface SavedServer {
  name: string;
  url: string;
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
}

export interface RoomTarget {
  serverUrl: string;
  roomId: number;
}

export interface Notice extends RoomTarget {
  title: string;
  body: string;
}

/** Renderer → main, with `ipcRenderer.invoke`: channel → (arguments) => answer. */
export interface RendererToMain {
  'token:get': (serverUrl: string) => string | null;
  'token:set': (serverUrl: string, token: string) => boolean;
  'token:delete': (serverUrl: string) => void;
  'shell:open-external': (url: string) => void;
  'badge:set': (count: number) => void;
  notify: (notice: Notice) => void;
  'servers:list': () => SavedServer[];
  'servers:add': (server: SavedServer) => SavedServer[];
  'servers:remove': (url: string) => SavedServer[];
  'host:get': () => { settings: HostSettings; status: HostStatus };
  'host:start': (settings: HostSettings) => HostStatus;
  'host:stop': () => HostStatus;
}

/** Main → renderer, with `webContents.send`: channel → listener. */
export interface MainToRenderer {
  'room:open': (target: RoomTarget) => void;
  'host:status': (status: HostStatus) => void;
}

export type InvokeChannel = keyof RendererToMain;
export type EventChannel = keyof MainToRenderer;
