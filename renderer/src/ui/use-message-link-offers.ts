import { useCallback, useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type {
  MessageLinkResult,
  MessageTarget,
  PinMismatch,
  SavedServer,
  ServerCheck,
} from '../../../main/ipc-channels';
import { ApiClient } from '../lib/api-client';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { sameServer } from '../lib/message-link';
import { requestMessage } from '../lib/message-request';
import type { ServerOffer } from './invite-offer';

/** A message link to a server that is not saved: what the person is asked before it is added. */
export interface LinkOffer {
  /** The server as it would be saved (its name, address and the certificate it would pin). */
  invite: ServerOffer;
  check: ServerCheck;
  target: MessageTarget;
}

/**
 * Desktop message links (`parley://open`, the one the app started with or one opened while it
 * runs), read by main. A refused link is said; a link to a saved server switches the rail to it
 * and asks its chat to open the message (after sign-in if need be); a link to any other server is
 * never followed silently: the server is looked at as "Add a server" does (its certificate, and
 * the pin it would get) and offered as an invite is, and added only on the person's yes. A server
 * whose certificate differs from its host's pin is refused with the interception warning.
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
  const [offer, setOffer] = useState<LinkOffer>();
  const [refused, setRefused] = useState<{ url: string } & PinMismatch>();
  const [error, setError] = useState<string>();
  const fail = useCallback((failure: unknown) => setError(bridgeErrorMessage(failure)), []);

  useEffect(() => {
    const take = (result: MessageLinkResult | null) => {
      if (result) setWaiting((all) => [...all, result]);
    };
    void bridge.pendingMessageLink().then(take, fail);
    return bridge.onOpenMessage(take);
  }, [bridge, fail]);

  const open = useCallback(
    (url: string, target: MessageTarget) => {
      show(url);
      requestMessage({ ...target, serverUrl: url });
    },
    [show],
  );

  const consider = useCallback(
    async (result: MessageLinkResult, saved: SavedServer[]) => {
      setError(undefined);
      setRefused(undefined);
      setOffer(undefined);
      if (!result.ok) return setError(result.message);
      const { target } = result;
      const known = saved.find((server) => sameServer(server.url, target.serverUrl));
      if (known) return open(known.url, target);
      const inspection = await bridge.inspectServer(target.serverUrl);
      const { url, mismatch } = inspection;
      if (mismatch) return setRefused({ url, ...mismatch });
      if (inspection.error) return setError(`Cannot open this message link: ${inspection.error}`);
      // A certificate no authority vouches for is pinned, as "Add a server" does on trust.
      const pin = inspection.tls && !inspection.authorized ? inspection.fingerprint : undefined;
      if (inspection.tls && !inspection.authorized && !pin)
        return setError(`Cannot open this message link: ${url} has no certificate to check`);
      const name = inspection.name ?? (await nameOf(url));
      const fingerprint = pin && { fingerprint: pin };
      const check = await bridge.checkServer({ name, url, ...fingerprint });
      if (check.mismatch) return setRefused({ url, ...check.mismatch });
      if (check.refused) return setError(check.refused);
      setOffer({ invite: { serverUrl: url, name, ...fingerprint }, check, target });
    },
    [bridge, open],
  );

  // Once the saved servers are known, each link that came in, in turn.
  useEffect(() => {
    if (!servers || waiting.length === 0) return;
    setWaiting([]);
    for (const result of waiting) void consider(result, servers).catch(fail);
  }, [servers, waiting, consider, fail]);

  const accept = async ({ invite, check, target }: LinkOffer) => {
    setOffer(undefined);
    const { serverUrl: url, name, fingerprint } = invite;
    try {
      // A saved server keeps its name and pin: a link does not change them.
      if (check.saved) return open(check.saved.url, target);
      await add({ name, url, ...(fingerprint && { fingerprint }) });
      requestMessage({ ...target, serverUrl: url });
    } catch (failure) {
      fail(failure);
    }
  };

  return {
    offer,
    refused,
    error,
    accept: () => offer && void accept(offer),
    cancel: () => setOffer(undefined),
    dismissRefused: () => setRefused(undefined),
    dismissError: () => setError(undefined),
  };
}

/**
 * The name a server gives itself, asked by the page: main's inspection names servers it reached
 * over TLS, and plain http or a certificate the system trusts can be asked directly. Its address
 * when it does not answer (the offer still shows the address and certificate).
 */
async function nameOf(url: string): Promise<string> {
  try {
    return (await new ApiClient(url).info()).name;
  } catch {
    return new URL(url).host;
  }
}
