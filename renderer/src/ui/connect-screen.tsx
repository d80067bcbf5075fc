import { useState, type FormEvent, type ReactNode } from 'react';
import { parseServerAddress, type ServerAddress } from '../lib/server-address';
import { useDomId } from './dom-ids';

/**
 * Picks a server by address. The caller checks `GET /api/info` before going on: at `url`
 * first, and at `plainFallback` (plain http, only for an address typed without a scheme) after.
 */
export function ConnectScreen(props: {
  initial?: string;
  error?: string;
  busy?: boolean;
  title?: string;
  submitLabel?: string;
  onConnect: (address: ServerAddress) => void;
  /** Shown under the form (the desktop app lists its saved servers there). */
  children?: ReactNode;
}) {
  const [address, setAddress] = useState(props.initial ?? '');
  const [invalid, setInvalid] = useState<string>();
  const [edited, setEdited] = useState(false);
  const id = useDomId('server');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEdited(false);
    try {
      props.onConnect(parseServerAddress(address));
    } catch {
      setInvalid('That is not a server address. Try something like 192.168.1.20:4000.');
    }
  };
  const error = invalid ?? (edited ? undefined : props.error);

  return (
    <main className="center-screen">
      <form className="card" onSubmit={submit} noValidate>
        <h1>{props.title ?? 'Parley'}</h1>
        <p className="muted">Join a Parley server on your network or anywhere else.</p>
        <label htmlFor={`${id}-address`}>Server address</label>
        <input
          id={`${id}-address`}
          autoFocus
          value={address}
          onChange={(event) => {
            setAddress(event.target.value);
            setInvalid(undefined);
            setEdited(true);
          }}
          placeholder="192.168.1.20:4000"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={props.busy}>
          {props.submitLabel ?? 'Connect'}
        </button>
        {props.children}
      </form>
    </main>
  );
}
