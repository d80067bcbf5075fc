import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopApi } from './desktop-api';
import type { EventChannel, InvokeChannel, MainToRenderer, RendererToMain } from './ipc-channels';

/**
 * The preload script: runs sandboxed, before the page, and exposes `window.parley`. Pages never
 * see ipcRenderer itself, only these methods, one per message.
 */
function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: Parameters<RendererToMain[C]>
): Promise<ReturnType<RendererToMain[C]>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<ReturnType<RendererToMain[C]>>;
}

function listen<C extends EventChannel>(channel: C, listener: MainToRenderer[C]): () => void {
  const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) =>
    (listener as (...args: unknown[]) => void)(...args);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const api: DesktopApi = {
  getRefreshToken: (serverUrl) => invoke('token:get', serverUrl),
  setRefreshToken: (serverUrl, token) => invoke('token:set', serverUrl, token),
  deleteRefreshToken: (serverUrl) => invoke('token:delete', serverUrl),
  openExternal: (url) => invoke('shell:open-external', url),
  setUnreadCount: (count) => invoke('badge:set', count),
  notify: (notice) => invoke('notify', notice),
  listServers: () => invoke('servers:list'),
  addServer: (server) => invoke('servers:add', server),
  removeServer: (url) => invoke('servers:remove', url),
  getHost: () => invoke('host:get'),
  startHost: (settings) => invoke('host:start', settings),
  stopHost: () => invoke('host:stop'),
  inspectServer: (url) => invoke('servers:inspect', url),
  checkServer: (server) => invoke('servers:check', server),
  listLanServers: () => invoke('lan:list'),
  makeInvite: (request) => invoke('invite:make', request),
  parseInvite: (text) => invoke('invite:parse', text),
  pendingInvite: () => invoke('invite:pending'),
  onOpenRoom: (listener) => listen('room:open', listener),
  onHostStatus: (listener) => listen('host:status', listener),
  onLanServers: (listener) => listen('lan:servers', listener),
  onInvite: (listener) => listen('invite:open', listener),
};

contextBridge.exposeInMainWorld('parley', api);
