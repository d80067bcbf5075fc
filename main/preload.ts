import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopApi } from './desktop-api';
import { channels } from './ipc-contract';

/**
 * The preload script: runs sandboxed, before the page, and exposes `window.parley`. Pages never
 * see ipcRenderer itself, only one method per channel of `ipc-contract.ts`: a request invokes
 * its channel (main checks the sender and every argument), an event method adds a listener.
 * It imports the channel table only, so the bundle holds no schema library.
 */
function method(entry: (typeof channels)[keyof typeof channels]) {
  const { channel } = entry;
  if (entry.kind === 'invoke')
    return (...args: unknown[]): Promise<unknown> => ipcRenderer.invoke(channel, ...args);
  return (listener: (...args: unknown[]) => void) => {
    const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  };
}

const api = Object.fromEntries(
  Object.entries(channels).map(([name, entry]) => [name, method(entry)]),
) as DesktopApi;

contextBridge.exposeInMainWorld('parley', api);
