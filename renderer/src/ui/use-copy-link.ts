import { useEffect, useState } from 'react';
import type { Message } from '../../../server/protocol';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { copyText } from '../lib/copy-text';
import { webMessageLink } from '../lib/message-link';
import type { RowActions } from './row-actions';

/** How long "Link copied" shows (the button's tick; the status is read out once). */
const SHOWN_MS = 2000;

/** Which link was just copied: the toolbar's tick and the words read out. */
export type CopiedLink = 'link' | 'web link';

/**
 * "Copy link" of a message: in a browser the web link (`<server>/#room=…&message=…`) goes on
 * the clipboard; in the desktop app main puts the `parley://open` link there, and "Copy web link"
 * copies the web form, for someone who opens it in a browser. `copied` says which was copied, for
 * a moment, for the toolbar to show and say. When the page may not copy (plain http on a LAN,
 * where browsers keep the clipboard away, and the old copy command refused too) `byHand` holds
 * the link, for the person to copy themselves; a failure of main goes to `onError`.
 */
export function useCopyLink(actions: RowActions, onError: (error: string | undefined) => void) {
  const [copied, setCopied] = useState<CopiedLink>();
  const [byHand, setByHand] = useState<string>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const targetOf = (message: Message) => ({
    serverUrl: actions.client.getState().serverUrl,
    roomId: message.roomId,
    messageId: message.id,
  });

  const copyWeb = async (message: Message, what: CopiedLink) => {
    const link = webMessageLink(targetOf(message));
    if (!(await copyText(link))) return setByHand(link);
    onError(undefined);
    setCopied(what);
  };

  const copyApp = async (message: Message, bridge: NonNullable<typeof window.parley>) => {
    try {
      await bridge.copyMessageLink(targetOf(message));
      onError(undefined);
      setCopied('link');
    } catch (failure) {
      onError(`Could not copy the link: ${bridgeErrorMessage(failure)}`);
    }
  };

  return {
    copied,
    byHand,
    closeByHand: () => setByHand(undefined),
    /** The app's own link on the desktop, the web link in a browser. */
    copy: (message: Message) =>
      void (window.parley ? copyApp(message, window.parley) : copyWeb(message, 'link')),
    /** The web link, on the desktop (a browser's "Copy link" is already that). */
    copyWeb: window.parley ? (message: Message) => void copyWeb(message, 'web link') : undefined,
  };
}
