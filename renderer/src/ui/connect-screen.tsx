import { useState, type FormEvent } from 'react';
import { normalizeServerUrl } from '../lib/api-client';

/** Picks a server by address. The app checks `GET /api/info` before going on. */
export function ConnectScreen(props: {
  initial?: string;
  error?: string;
  onConnect: (url: string) => void;
}) {
  const [address, setAddress] = useState(props.initial ?? '');
  const [invalid, setInvalid] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      props.onConnect(normalizeServerUrl(address));
    } catch {
      setInvalid('That is not a server address. Try something like 192.168.1.20:4000.');
    }
  };
  const error = invalid ?? props.error;

  return (
    <main className="center-screen">
      <form className="card" onSubmit={submit} noValidate>
        <h1>Parley</h1>
        <p className="muted">Join a Parley server on your network or anywhere else.</p>
        <label htmlFor="server-address">Server address</label>
        <input
          id="server-address"
          autoFocus
          value={address}
          onChange={(event) => {
            setAddress(event.target.value);
            setInvalid(undefined);
          }}
          placeholder="192.168.1.20:4000"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'server-error' : undefined}
        />
        {error && (
          <p id="server-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Connect
        </button>
      </form>
    </main>
  );
}
