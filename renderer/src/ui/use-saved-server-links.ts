import { useEffect } from 'react';
import type { MessageTarget, SavedServer } from '../../../main/ipc-channels';
import { setInAppRoute } from '../lib/in-app-links';
import { linkedMessageOf } from '../lib/message-link';

/**
 * Desktop: a message's web link (`<server>/#room=…&message=…`) to any saved server, clicked in a
 * message of another server, opens in the app through `open` (the rail switches, its chat opens
 * the message) instead of the system browser. A link to a server not saved still goes out.
 */
export function useSavedServerLinks(
  servers: SavedServer[] | null,
  open: (url: string, target: MessageTarget) => void,
): void {
  useEffect(() => {
    if (!servers) return;
    return setInAppRoute((href) => {
      for (const server of servers) {
        const linked = linkedMessageOf(href, server.url);
        if (linked) {
          open(server.url, { serverUrl: server.url, ...linked });
          return true;
        }
      }
      return false;
    });
  }, [servers, open]);
}
