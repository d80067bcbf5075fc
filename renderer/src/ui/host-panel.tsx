import { useEffect, useState, type FormEvent } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { HostSettings, HostStatus, SavedServer } from '../../../main/ipc-channels';
import { requestAdminPanel } from '../lib/admin-entry';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { readPort } from './host-form';
import { HostBackup } from './host-backup';
import { HostStatusView } from './host-status';
import { RadioGroup } from './radio-group';

const REACH: ReadonlyArray<[HostSettings['reach'], string]> = [
  ['local', 'This computer only'],
  ['lan', 'Everyone on my network (LAN)'],
];

/**
 * Host a server on this computer: settings, start/stop, and what is happening. On the first
 * start the local server is added to the rail and opened, where its first account is the owner.
 */
export function HostPanel(props: {
  bridge: DesktopApi;
  status: HostStatus;
  onOpen: (server: SavedServer) => Promise<void>;
}) {
  const { bridge, status } = props;
  const [settings, setSettings] = useState<HostSettings | null>(null);
  /** The port field as typed: it is read (and refused with words) only on submit. */
  const [portText, setPortText] = useState('');
  const [portError, setPortError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fail = (failure: unknown) => setError(bridgeErrorMessage(failure));
  useEffect(() => {
    void bridge.getHost().then(
      (host) => {
        setSettings(host.settings);
        setPortText(String(host.settings.port));
      },
      (failure: unknown) => setError(bridgeErrorMessage(failure)),
    );
  }, [bridge]);
  if (!settings)
    return error ? (
      <main className="center-screen">
        <p className="form-error" role="alert">
          {error}
        </p>
      </main>
    ) : null;

  const running = status.state === 'running' || status.state === 'starting';
  // The owner's own way in: loopback, over TLS (pinned to the host's certificate) for the LAN.
  const localFor = (hosted: HostStatus): SavedServer =>
    hosted.fingerprint
      ? {
          name: settings.name,
          url: `https://127.0.0.1:${hosted.port ?? settings.port}`,
          fingerprint: hosted.fingerprint,
        }
      : { name: settings.name, url: `http://127.0.0.1:${hosted.port ?? settings.port}` };
  const set = <K extends keyof HostSettings>(key: K, value: HostSettings[K]) =>
    setSettings({ ...settings, [key]: value });

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const read = readPort(portText);
    if ('error' in read) return setPortError(read.error);
    const chosen = { ...settings, port: read.port };
    setSettings(chosen);
    setBusy(true);
    try {
      const result = await bridge.startHost(chosen);
      if (result.state === 'running') await props.onOpen(localFor(result));
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };
  const stop = () => {
    setError(undefined);
    void bridge.stopHost().catch(fail);
  };

  return (
    <main className="center-screen">
      <form className="card host-panel" onSubmit={(event) => void start(event)}>
        <h1>Host a server</h1>
        <HostStatusView status={status} />
        <label htmlFor="host-name">Server name</label>
        <input
          id="host-name"
          value={settings.name}
          maxLength={64}
          required
          onChange={(event) => set('name', event.target.value)}
        />
        <label htmlFor="host-port">Port</label>
        <input
          id="host-port"
          type="number"
          min={1}
          max={65535}
          value={portText}
          aria-invalid={portError ? true : undefined}
          aria-describedby={portError ? 'host-port-error' : undefined}
          onChange={(event) => {
            setPortText(event.target.value);
            setPortError(undefined);
          }}
        />
        {portError && (
          <p id="host-port-error" className="field-error" role="alert">
            {portError}
          </p>
        )}
        <RadioGroup
          legend="Who can reach it"
          name="reach"
          value={settings.reach}
          options={REACH}
          onChange={(reach) => set('reach', reach)}
        >
          <p className="muted small">
            On the LAN it serves HTTPS with a certificate made on this computer, and announces
            itself so that Parley apps nearby list it under "On your network".
          </p>
        </RadioGroup>
        <label htmlFor="host-registration">Who can create an account</label>
        <select
          id="host-registration"
          value={settings.registration}
          onChange={(event) =>
            set('registration', event.target.value as HostSettings['registration'])
          }
        >
          <option value="open">Anyone who can reach it</option>
          <option value="invite">People with an invite code</option>
          <option value="closed">Nobody (existing accounts only)</option>
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.autoStart}
            onChange={(event) => set('autoStart', event.target.checked)}
          />
          Start hosting when Parley starts
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {running ? 'Restart with these settings' : 'Start hosting'}
          </button>
          {running && (
            <button type="button" disabled={busy} onClick={stop}>
              Stop hosting
            </button>
          )}
          {status.state === 'running' && (
            <button type="button" onClick={() => void props.onOpen(localFor(status)).catch(fail)}>
              Open in Parley
            </button>
          )}
          {status.state === 'running' && (
            <button
              type="button"
              onClick={() => {
                // Its chat opens; the panel shows once the owner (or an admin) is signed in there.
                const server = localFor(status);
                void props.onOpen(server).then(() => requestAdminPanel(server.url), fail);
              }}
            >
              Open admin panel
            </button>
          )}
        </div>
        <HostBackup bridge={bridge} />
      </form>
    </main>
  );
}
