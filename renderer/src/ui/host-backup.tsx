import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { LastBackup } from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Back up now" on the host screen, and when the last backup was made. The app asks for the
 * folder in the system's own dialog (main opens it; this page never names a path) and backs the
 * hosted server up there while it keeps running.
 */
export function HostBackup(props: { bridge: DesktopApi }) {
  const { bridge } = props;
  /** undefined: not known yet; null: never backed up. */
  const [last, setLast] = useState<LastBackup | null>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    void bridge
      .getLastBackup()
      .then(setLast, (failure: unknown) => setError(bridgeErrorMessage(failure)));
  }, [bridge]);

  const backUp = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const result = await bridge.backupHost();
      if (result.ok) setLast(result.backup);
      else if (result.error === 'failed') setError(`The backup failed: ${result.message}`);
    } catch (failure) {
      setError(bridgeErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="host-status host-backup" aria-labelledby="host-backup-title">
      <h2 id="host-backup-title">Backups</h2>
      <p aria-live="polite">
        {busy
          ? 'Backing up…'
          : last
            ? `Last backup: ${when(last.at)}`
            : last === null
              ? 'Never backed up.'
              : ''}
      </p>
      {last && !busy && (
        <p className="muted small mono" title="Where the last backup went">
          {last.file} in {last.folder}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="button" disabled={busy} onClick={() => void backUp()}>
          Back up now…
        </button>
      </p>
    </section>
  );
}
