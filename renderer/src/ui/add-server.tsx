import { useState } from 'react';
import type { SavedServer } from '../../../main/ipc-channels';
import { ApiClient } from '../lib/api-client';
import { ConnectScreen } from './connect-screen';

/** Desktop: add a server by address (checked with `GET /api/info`), or remove a saved one. */
export function AddServer(props: {
  servers: SavedServer[];
  onAdded: (server: SavedServer) => Promise<void>;
  onRemove: (url: string) => Promise<void>;
  onHost: () => void;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const add = async (url: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const info = await new ApiClient(url).info();
      await props.onAdded({ name: info.name, url });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConnectScreen
      title="Add a server"
      submitLabel="Add server"
      error={error}
      busy={busy}
      onConnect={(url) => void add(url)}
    >
      <p className="muted">
        Or{' '}
        <button type="button" className="link" onClick={props.onHost}>
          host a server on this computer
        </button>
        .
      </p>
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
