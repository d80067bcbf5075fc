import { useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { Invite, SavedServer, ServerInspection } from '../../../main/ipc-channels';
import { ApiClient } from '../lib/api-client';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { ConnectScreen } from './connect-screen';
import { FingerprintCheck, InterceptionWarning } from './fingerprint';
import { InvitePaste } from './invite-paste';
import { LanServers } from './lan-servers';

type Pending =
  | { kind: 'confirm'; inspection: ServerInspection & { fingerprint: string } }
  | { kind: 'mismatch'; url: string; pinned: string; presented: string };

/**
 * Desktop: add a server found on the network, from an invite, or typed by hand. A typed https
 * server with a self-signed certificate shows its fingerprint for the person to confirm (trust on
 * first use); a server found by mDNS or an invite is pinned to the fingerprint that came with it.
 */
export function AddServer(props: {
  bridge: DesktopApi;
  servers: SavedServer[];
  onAdded: (server: SavedServer, invite?: Invite) => Promise<void>;
  onRemove: (url: string) => Promise<void>;
  onHost: () => void;
}) {
  const { bridge } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>();

  const typed = async (url: string) => {
    const inspection = await bridge.inspectServer(url);
    const { fingerprint, mismatch } = inspection;
    if (mismatch) return setPending({ kind: 'mismatch', url: inspection.url, ...mismatch });
    if (inspection.error) throw new Error(inspection.error);
    if (inspection.tls && !inspection.authorized && fingerprint)
      return setPending({ kind: 'confirm', inspection: { ...inspection, fingerprint } });
    // Plain http, or a certificate the system trusts: the page can ask the server itself.
    const info = await new ApiClient(inspection.url).info();
    await props.onAdded({ name: info.name, url: inspection.url });
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
  const fromInvite = (invite: Invite) =>
    run(() =>
      props.onAdded(
        { name: invite.name, url: invite.serverUrl, fingerprint: invite.fingerprint },
        invite,
      ),
    );

  return (
    <ConnectScreen
      title="Add a server"
      submitLabel="Add server"
      error={error}
      busy={busy}
      onConnect={(url) => void run(() => typed(url))}
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
      <p className="muted">
        Or{' '}
        <button type="button" className="link" onClick={props.onHost}>
          host a server on this computer
        </button>
        .
      </p>
      <LanServers
        bridge={bridge}
        saved={props.servers}
        onJoin={({ name, url, fingerprint }) =>
          void run(() => props.onAdded({ name, url, fingerprint }))
        }
      />
      <InvitePaste bridge={bridge} onInvite={(invite) => void fromInvite(invite)} />
      {props.servers.length > 0 && (
        <section aria-labelledby="saved-servers">
          <h2 id="saved-servers">Your servers</h2>
          <ul className="saved-servers">
            {props.servers.map((server) => (
              <li key={server.url}>
                <span>
                  {server.name} <span className="mono muted">{server.url}</span>
                </span>
                <button type="button" onClick={() => void props.onRemove(server.url)}>
                  Remove<span className="visually-hidden"> {server.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </ConnectScreen>
  );
}
