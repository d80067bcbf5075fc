import type { BridgeApi } from './ipc-contract';

/**
 * The bridge the preload script exposes to the renderer as `window.parley`, one method per IPC
 * channel, derived from their declaration in `ipc-contract.ts`. The renderer imports this type
 * only; in a plain browser `window.parley` is undefined and the renderer falls back to web APIs.
 */
export type DesktopApi = BridgeApi;

declare global {
  interface Window {
    parley?: DesktopApi;
  }
}
