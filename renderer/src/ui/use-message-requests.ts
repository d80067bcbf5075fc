import { useEffect } from 'react';
import type { ChatClient } from '../lib/chat-client';
import { readMessageFragment, sameServer } from '../lib/message-link';
import { onMessageRequest } from '../lib/message-request';
import { openMessage } from '../lib/open-message';

/**
 * A signed-in chat opens the messages that links ask for: requests made for its server (a
 * desktop message link, a message link clicked in a message), and, in a browser, the web form
 * in the page's address (`#room=…&message=…`), when the chat starts (so after sign-in) and
 * whenever it changes. What cannot be opened is said with `say`, never a blank screen.
 */
export function useMessageRequests(client: ChatClient, say: (text: string) => void): void {
  useEffect(() => {
    const serverUrl = client.getState().serverUrl;
    const open = (roomId: number, messageId: number) =>
      void openMessage(client, roomId, messageId).then((why) => why && say(why));
    const stopRequests = onMessageRequest(serverUrl, ({ roomId, messageId }) =>
      open(roomId, messageId),
    );
    // The desktop app's page is app://parley: its links come from main, not from its address.
    if (window.parley) return stopRequests;

    const fromAddress = () => {
      const read = readMessageFragment(location.hash);
      if (!read) return;
      // Taken once: the address goes back to the plain page, so reloading later does not jump
      // back here, and the same link opened again is a change that is heard.
      history.replaceState(history.state, '', location.pathname + location.search);
      if (!read.ok) return say(read.message);
      if (!sameServer(location.origin, serverUrl))
        return say(`This message link is for ${location.origin}, not ${serverUrl}`);
      open(read.roomId, read.messageId);
    };
    fromAddress();
    window.addEventListener('hashchange', fromAddress);
    return () => {
      stopRequests();
      window.removeEventListener('hashchange', fromAddress);
    };
  }, [client, say]);
}
