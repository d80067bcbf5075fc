import { useCallback, useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type {
  MessageLinkResult,
  MessageTarget,
  PinMismatch,
  SavedServer,
  ServerCheck,
} from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { sameServer } from '../lib/message-link';
import { requestMessage } from '../lib/message-request';
import type { ServerOffer } from './invite-offer';
import { useSavedServerLinks } from './use-saved-server-links';

/** A message link to a server that is not saved: what the person is asked before it is added. */
export interface LinkOffer {
  /** The server as it would be saved (its name, address and the certificate it would pin). */
  invite: ServerOffer;
  check: ServerCheck;
  target: MessageTarget;
}

/** Links kept while one is being asked about; more than this is a page flooding the app. */
export const MAX_WAITING_LINKS = 5;

/** Said when links beyond {@link MAX_WAITING_LINKS} were dropped. */
export const IGNORED_LINKS_TEXT =
  'More message links came in while one was waiting for you; they were ignored.';

/** Said when a newer link for a server replaces one still waiting for its sign-in. */
export const replacedText = (url: string): string =>
  `An earlier message link for ${url} was still waiting for you to sign in; the newer link replaces it.`;

/** What is on screen for the link being dealt with. */
type Step =
  | { kind: 'consent'; target: MessageTarget }
  | { kind: 'checking' }
  | { kind: 'offer'; offer: LinkOffer };

/**
 * Desktop message links (`parley://open`, the one the app started with or one opened while it
 * runs), read by main, one at a time in the order they came: while one is being asked about, the
 * next ones wait (at most {@link MAX_WAITING_LINKS}; any more are dropped, and that is said), so a
 * second link can never take the place of a dialog under the person's pointer. A refused link is
 * said; a link to a saved server switches the rail to it and asks its chat to open the message
 * (after sign-in if need be). A link to any other server is never followed silently, and that
 * server is not even contacted before the person says so: first only its address is shown; on
 * Continue main looks at it as "Add a server" does (its certificate, the pin it would get) and it
 * is offered as an invite is, and added only on the person's yes. A server whose certificate
 * differs from its host's pin is refused with the interception warning.
 */
export function useMessageLinkOffers(deps: {
  bridge: DesktopApi;
  /** The saved servers; null until known (links wait until then). */
  servers: SavedServer[] | null;
  add: (server: SavedServer) => Promise<void>;
  show: (url: string) => void;
}) {
  const { bridge, servers, add, show } = deps;
  const [waiting, setWaiting] = useState<MessageLinkResult[]>([]);
  const [step, setStep] = useState<Step>();
  const [refused, setRefused] = useState<{ url: string } & PinMismatch>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const fail = useCallback((failure: unknown) => setError(bridgeErrorMessage(failure)), []);

  useEffect(() => {
    const take = (result: MessageLinkResult | null) => {
      if (!result) return;
      setWaiting((all) => {
        if (all.length < MAX_WAITING_LINKS) return [...all, result];
        setNotice(IGNORED_LINKS_TEXT);
        return all;
      });
    };
    void bridge.pendingMessageLink().then(take, fail);
    return bridge.onOpenMessage(take);
  }, [bridge, fail]);

  const open = useCallback(
    (url: string, target: MessageTarget) => {
      show(url);
      if (requestMessage({ ...target, serverUrl: url })) setNotice(replacedText(url));
    },
    [show],
  );
  useSavedServerLinks(servers, open);

  // The next link, once the saved servers are known and nothing is being asked.
  useEffect(() => {
    if (!servers || step || waiting.length === 0) return;
    const [result, ...rest] = waiting as [MessageLinkResult, ...MessageLinkResult[]];
    setWaiting(rest);
    if (!result.ok) return setError(result.message);
    const { target } = result;
    const known = servers.find((server) => sameServer(server.url, target.serverUrl));
    if (known) return open(known.url, target);
    setError(undefined);
    setRefused(undefined);
    setStep({ kind: 'consent', target });
  }, [servers, step, waiting, open]);

  /** After the person's Continue: main contacts the server; its answer is offered or refused. */
  const inspect = async (target: MessageTarget): Promise<Step | undefined> => {
    const inspection = await bridge.inspectServer(target.serverUrl);
    const { url, mismatch } = inspection;
    if (mismatch) return void setRefused({ url, ...mismatch });
    if (inspection.error)
      return void setError(`Cannot open this message link: ${inspection.error}`);
    // A certificate no authority vouches for is pinned, as "Add a server" does on trust.
    const pin = inspection.tls && !inspection.authorized ? inspection.fingerprint : undefined;
    if (inspection.tls && !inspection.authorized && !pin)
      return void setError(`Cannot open this message link: ${url} has no certificate to check`);
    // Only main's own look names it (over the connection it checked); the page never asks an
    // unpinned server itself. Its address stands for a name it did not give.
    const name = inspection.name ?? new URL(url).host;
    const fingerprint = pin && { fingerprint: pin };
    const check = await bridge.checkServer({ name, url, ...fingerprint });
    if (check.mismatch) return void setRefused({ url, ...check.mismatch });
    if (check.refused) return void setError(check.refused);
    return {
      kind: 'offer',
      offer: { invite: { serverUrl: url, name, ...fingerprint }, check, target },
    };
  };

  const proceed = (target: MessageTarget) => {
    setStep({ kind: 'checking' });
    inspect(target).then(setStep, (failure: unknown) => {
      setStep(undefined);
      fail(failure);
    });
  };

  const accept = async ({ invite, check, target }: LinkOffer) => {
    setStep(undefined);
    const { serverUrl: url, name, fingerprint } = invite;
    try {
      // A saved server keeps its name and pin: a link does not change them.
      if (check.saved) return open(check.saved.url, target);
      await add({ name, url, ...(fingerprint && { fingerprint }) });
      if (requestMessage({ ...target, serverUrl: url })) setNotice(replacedText(url));
    } catch (failure) {
      fail(failure);
    }
  };

  return {
    /** The address of a server not saved, to be contacted only on the person's Continue. */
    consent: step?.kind === 'consent' ? step.target.serverUrl : undefined,
    offer: step?.kind === 'offer' ? step.offer : undefined,
    refused,
    error,
    notice,
    proceed: () => step?.kind === 'consent' && proceed(step.target),
    accept: () => step?.kind === 'offer' && void accept(step.offer),
    cancel: () => setStep(undefined),
    dismissRefused: () => setRefused(undefined),
    dismissError: () => setError(undefined),
    dismissNotice: () => setNotice(undefined),
  };
}
