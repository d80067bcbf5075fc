import type { HostStatus } from '../../../main/ipc-channels';
import { Fingerprint } from './fingerprint';

const STATE_TEXT: Record<HostStatus['state'], string> = {
  stopped: 'Not hosting.',
  starting: 'Starting…',
  running: 'Running.',
  stopping: 'Stopping…',
  crashed: 'The server crashed.',
  failed: 'The server could not start.',
};

/** The hosted server's state, its addresses to share and who is connected. */
export function HostStatusView(props: { status: HostStatus }) {
  const { status } = props;
  const trouble = status.state === 'crashed' || status.state === 'failed';
  return (
    <section className="host-status" aria-live="polite" aria-label="Hosting status">
      <p className={trouble ? 'form-error' : undefined}>
        <strong>{STATE_TEXT[status.state]}</strong> {status.message}
      </p>
      {status.state === 'running' && (
        <>
          <p>
            {status.people === 1 ? '1 person' : `${status.people} people`} connected
            {status.connections !== status.people && ` (${status.connections} connections)`}.
          </p>
          <p className="muted">People can join at:</p>
          <ul className="host-urls">
            {status.urls.map((url) => (
              <li key={url} className="mono">
                {url}
              </li>
            ))}
          </ul>
          {status.setupCode && (
            <div className="setup-code" role="group" aria-labelledby="host-setup-code-label">
              <p id="host-setup-code-label">
                <strong>No owner yet.</strong> Creating the owner account needs this one-time setup
                code. Parley fills it in when you open the server here; on another computer, type it
                in:
              </p>
              <p className="mono setup-code-value">{status.setupCode}</p>
            </div>
          )}
          {status.fingerprint ? (
            <>
              <p className="muted">
                Certificate fingerprint: people joining by address compare it with what Parley shows
                them (a browser shows its own warning first):
              </p>
              <Fingerprint hex={status.fingerprint} />
            </>
          ) : (
            <p className="muted">This computer only: plain HTTP on the loopback address.</p>
          )}
        </>
      )}
    </section>
  );
}
