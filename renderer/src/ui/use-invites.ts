import { useCallback, useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type {
  Invite,
  InviteResult,
  PinMismatch,
  SavedServer,
  ServerCheck,
} from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';

export interface InviteOfferState {
  invite: Invite;
  check: ServerCheck;
}

/**
 * Invites, from a parley:// link (the one the app started with, or one opened while it runs)
 * or pasted: never added silently. One whose certificate differs from its host's pin is refused
 * with the changed-certificate warning; any other waits in `offer` for the person's yes.
 */
export function useInvites(deps: {
  bridge: DesktopApi;
  add: (server: SavedServer) => Promise<void>;
  show: (url: string) => void;
}) {
  const { bridge, add, show } = deps;
  const [offer, setOffer] = useState<InviteOfferState>();
  const [refused, setRefused] = useState<{ url: string } & PinMismatch>();
  const [error, setError] = useState<string>();
  /** Codes from accepted invites: registration opens with them filled in. */
  const [codes, setCodes] = useState<Record<string, string>>({});

  const consider = useCallback(
    async (invite: Invite) => {
      setError(undefined);
      setRefused(undefined);
      const { serverUrl: url, name, fingerprint } = invite;
      const check = await bridge.checkServer({ name, url, ...(fingerprint && { fingerprint }) });
      if (check.mismatch) return setRefused({ url, ...check.mismatch });
      if (check.refused) return setError(check.refused);
      setOffer({ invite, check });
    },
    [bridge],
  );
  const offerInvite = useCallback(
    (invite: Invite) =>
      void consider(invite).catch((failure: unknown) => setError(bridgeErrorMessage(failure))),
    [consider],
  );

  const accept = async ({ invite, check }: InviteOfferState) => {
    setOffer(undefined);
    const { serverUrl: url, name, fingerprint, code } = invite;
    if (code) setCodes((all) => ({ ...all, [url]: code }));
    try {
      // A saved server keeps its name and pin: an invite does not rename it.
      if (check.saved) show(url);
      else await add({ name, url, ...(fingerprint && { fingerprint }) });
    } catch (failure) {
      setError(bridgeErrorMessage(failure));
    }
  };

  useEffect(() => {
    const take = (result: InviteResult | null) => {
      if (!result) return;
      if (result.ok) offerInvite(result.invite);
      else setError(result.message);
    };
    void bridge
      .pendingInvite()
      .then(take, (failure: unknown) => setError(bridgeErrorMessage(failure)));
    return bridge.onInvite(take);
  }, [bridge, offerInvite]);

  return {
    offer,
    refused,
    error,
    codes,
    offerInvite,
    accept: () => offer && void accept(offer),
    cancel: () => setOffer(undefined),
    dismissRefused: () => setRefused(undefined),
    dismissError: () => setError(undefined),
  };
}
