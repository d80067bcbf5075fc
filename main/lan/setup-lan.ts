import { broadcast, handle, type OwnContents } from '../ipc';
import { browseLan, type LanBrowser } from './lan-browser';

/**
 * "On your network": browses for Parley servers while a window is open, and stops (closing the
 * mDNS socket) when it closes. Returns the hooks the window manager calls.
 */
export function setupLan(own: OwnContents): { opened(): void; closed(): void } {
  let browser: LanBrowser | undefined;
  handle('lan:list', own, () => browser?.list() ?? []);
  return {
    opened() {
      browser ??= browseLan((servers) => broadcast(own, 'lan:servers', servers));
    },
    closed() {
      browser?.stop();
      browser = undefined;
    },
  };
}
