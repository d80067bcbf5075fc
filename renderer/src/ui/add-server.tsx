import { useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type {
  Invite,
  LanServer,
  PinMismatch,
  PolicyState,
  SavedServer,
  ServerInspection,
} from '../../../main/ipc-channels';
import { ApiClient } from '../lib/api-client';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { isUnencrypted, type ServerAddress } from '../lib/server-address';
import { ConnectScreen } from './connect-screen';
import { FingerprintCheck, InterceptionWarning, PlainHttpCheck } from './fingerprint';
import { InvitePaste } from './invite-paste';
import { LanServers } from './lan-servers';
import { SavedServerList, ServersLocked } from './policy-locks';

type Pending =
  | { kind: 'confirm'; inspection: ServerInspection & { fingerprint: string } }
  | ({ kind: 'mismatch'; url: string; via?: string } & PinMismatch)
  | { kind: 'plain'; url: string };

/**
 * Desktop: add a server found on the network, from an invite, or typed by hand. A typed address
 * is tried over https first; a self-signed certificate shows its fingerprint for the person to
 * confirm (trust on first use), and plain http to another computer is added only once the person
 * has read that it is not encrypted. A server found by mDNS is pinned to the fingerprint that
 * came with it, unless its host is pinned to another one; invites go to `onInvite` (which asks).
 */
export function AddServer(props: {
  bridge: DesktopApi;
  servers: SavedServer[];
  onAdded: (server: SavedServer) => Promise<void>;
  /** A pasted invite: the shell asks the person before anything is added. */
  onInvite: (invite: Invite) => void;
  onRemove: (url: string) => Promise<void>;
  onHost: () => void;
  /** The organisation's policy: its locks and preset servers show as locks here. */
  policy?: PolicyState;
}) {
  const { bridge } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>();

  const typed = async ({ url, plainFallback }: ServerAddress) => {
    // Main tries https first for an http address, and falls back to it only without TLS.
    const inspection = await bridge.inspectServer(plainFallback ?? url);
    const { fingerprint, mismatch } = inspection;
    if (mismatch) return setPending({ kind: 'mismatch', url: inspection.url, ...mismatch });
    if (inspection.error) throw new Error(inspection.error);
    if (inspection.tls && !inspection.authorized && fingerprint)
      return setPending({ kind: 'confirm', inspection: { ...inspection, fingerprint } });
    if (isUnencrypted(inspection.url)) return setPending({ kind: 'plain', url: inspection.url });
    await addAsItSays(inspection.url);
  };
  /** Plain http, or a certificate the system trusts: the page can ask the server itself. */
  const addAsItSays = async (url: string) => {
    const info = await new ApiClient(url).info();
    await props.onAdded({ name: info.name, url });
  };
  const fromLan = async ({ name, url, fingerprint }: LanServer) => {
    const server = { name, url, ...(fingerprint && { fingerprint }) };
    const check = await bridge.checkServer(server);
    if (check.mismatch)
      return setPending({
        kind: 'mismatch',
        url,
        via: 'Its answer on your network',
        ...check.mismatch,
      });
    if (check.refused) throw new Error(check.refused);
    await props.onAdded(server);
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setPending(undefined);
    try {
      await work();
    } catch (failure) {
      setError(bridgeErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const policy = props.policy;
  if (policy?.locks.servers) return <ServersLocked servers={props.servers} />;
  return (
    <ConnectScreen
      title="Add a server"
      submitLabel="Add server"
      error={error}
      busy={busy}
      onConnect={(address) => void run(() => typed(address))}
    >
      {pending?.kind === 'confirm' && (
        <FingerprintCheck
          inspection={pending.inspection}
          onCancel={() => setPending(undefined)}
          onTrust={() => {
            const { url, name, fingerprint } = pending.inspection;
            void run(() => props.onAdded({ name: name ?? new URL(url).host, url, fingerprint }));
          }}
        />
      )}
      {pending?.kind === 'mismatch' && <InterceptionWarning {...pending} />}
      {pending?.kind === 'plain' && (
        <PlainHttpCheck
          url={pending.url}
          onCancel={() => setPending(undefined)}
          onAccept={() => {
            const { url } = pending;
            void run(() => addAsItSays(url));
          }}
        />
      )}
      {!policy?.locks.hosting && (
        <p className="muted">
          Or{' '}
          <button type="button" className="link" onClick={props.onHost}>
            host a server on this computer
          </button>
          .
        </p>
      )}
      <LanServers
        bridge={bridge}
        saved={props.servers}
        onJoin={(server) => void run(() => fromLan(server))}
      />
      <InvitePaste bridge={bridge} onInvite={props.onInvite} />
      <SavedServerList
        servers={props.servers}
        fixed={(url) => policy?.presetServers.includes(url) === true}
        onRemove={(url) => void props.onRemove(url)}
      />
    </ConnectScreen>
  );
}
