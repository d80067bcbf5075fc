import { useEffect, useState } from 'react';
import type { Message } from '../../../server/protocol';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { webMessageLink } from '../lib/message-link';
import type { RowActions } from './row-actions';

/** How long "Link copied" shows (the button's tick; the status is read out once). */
const SHOWN_MS = 2000;

/**
 * "Copy link" of a message: in a browser the web link (`<server>/#room=…&message=…`) goes on
 * the clipboard; in the desktop app main puts the `parley://open` link there. `copied` is true
 * for a moment afterwards, for the toolbar to show and say; a failure goes to `onError`.
 */
export function useCopyLink(actions: RowActions, onError: (error: string | undefined) => void) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async (message: Message) => {
    const target = {
      serverUrl: actions.client.getState().serverUrl,
      roomId: message.roomId,
      messageId: message.id,
    };
    try {
      if (window.parley) await window.parley.copyMessageLink(target);
      else await navigator.clipboard.writeText(webMessageLink(target));
      onError(undefined);
      setCopied(true);
    } catch (failure) {
      onError(`Could not copy the link: ${bridgeErrorMessage(failure)}`);
    }
  };
  return { copied, copy };
}
