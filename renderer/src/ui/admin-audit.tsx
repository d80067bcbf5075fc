import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { auditWords, when } from '../lib/admin-format';
import { shownName } from '../lib/names';
import { ErrorLine } from './admin-dialog';

/** The Audit log tab: every admin action, newest first, a page at a time. Nobody can edit it. */
export function AdminAudit(props: { api: AdminApi }) {
  const { api } = props;
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  // One page at a time: a second click would append the same page twice.
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    async (before?: number) => {
      setBusy(true);
      const page = await api.audit({ before });
      setBusy(false);
      if (!page.ok) return setError(page.error.message);
      setError(undefined);
      setEntries((known) =>
        before === undefined ? page.entries : [...(known ?? []), ...page.entries],
      );
      setCursor(page.nextCursor);
    },
    [api],
  );
  useEffect(() => void load(), [load]);

  return (
    <div className="admin-audit">
      <ErrorLine error={error} />
      {entries?.length === 0 && <p className="muted">No admin actions yet.</p>}
      {entries && entries.length > 0 && (
        <table className="admin-table">
          <caption className="visually-hidden">Audit log, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={new Date(entry.at).toISOString()}>{when(entry.at)}</time>
                </td>
                <td>
                  {entry.actor ? (
                    <bdi>{shownName(entry.actor.displayName) || entry.actor.username}</bdi>
                  ) : (
                    <span className="muted">Unknown</span>
                  )}
                </td>
                <td>{auditWords(entry.action)}</td>
                <td>{entry.target ? <bdi>{entry.target.label}</bdi> : ''}</td>
                <td>
                  <bdi>{entry.detail}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor !== null && (
        <button type="button" disabled={busy} onClick={() => void load(cursor)}>
          Load older entries
        </button>
      )}
    </div>
  );
}
