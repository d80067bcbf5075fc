import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { LanServer, SavedServer } from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';

/** "On your network": Parley servers found over mDNS, live, each one click from joining. */
export function LanServers(props: {
  bridge: DesktopApi;
  saved: SavedServer[];
  onJoin: (server: LanServer) => void;
}) {
  const { bridge } = props;
  const [servers, setServers] = useState<LanServer[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    void bridge
      .listLanServers()
      .then(setServers, (failure: unknown) => setError(bridgeErrorMessage(failure)));
    return bridge.onLanServers((found) => {
      setError(undefined);
      setServers(found);
    });
  }, [bridge]);
  const saved = new Set(props.saved.map((server) => server.url));
  return (
    <section aria-labelledby="lan-title">
      <h2 id="lan-title">On your network</h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {servers.length === 0 ? (
        <p className="muted">Looking for Parley servers on this network…</p>
      ) : (
        <ul className="saved-servers" aria-live="polite">
          {servers.map((server) => (
            <li key={server.serverId}>
              <span>
                {server.name} <span className="mono muted">{server.url}</span>
              </span>
              {saved.has(server.url) ? (
                <span className="muted">Added</span>
              ) : (
                <button type="button" onClick={() => props.onJoin(server)}>
                  Join<span className="visually-hidden"> {server.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
