import { useCallback, useEffect, useState } from 'react';
import type { InviteCode } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { when } from '../lib/admin-format';
import { inviteStatus, inviteUses } from '../lib/admin-rules';
import { shownName } from '../lib/names';
import { ErrorLine } from './admin-dialog';
import { InviteForm } from './admin-invite-form';

/**
 * The Invites tab: make a code (1 to 1000 uses or unlimited, 1 to 720 hours), shown once with
 * a Copy button; every code made, newest first, with its use count, expiry and maker; Revoke.
 */
export function AdminInvites(props: { api: AdminApi }) {
  const { api } = props;
  const [invites, setInvites] = useState<InviteCode[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    const answer = await api.invites();
    if (!answer.ok) return setError(answer.error.message);
    setInvites([...answer.invites].sort((a, b) => b.createdAt - a.createdAt));
  }, [api]);
  useEffect(() => void load(), [load]);
  const replace = (invite: InviteCode) =>
    setInvites((list) => list?.map((known) => (known.id === invite.id ? invite : known)));

  return (
    <div className="admin-invites">
      <InviteForm api={api} onMade={(invite) => setInvites((list) => [invite, ...(list ?? [])])} />
      <h3>Invite codes</h3>
      <ErrorLine error={error} />
      {invites?.length === 0 && <p className="muted">No invite codes yet.</p>}
      {invites && invites.length > 0 && (
        <table className="admin-table">
          <caption className="visually-hidden">Invite codes</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Uses</th>
              <th scope="col">Expires</th>
              <th scope="col">Made by</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <InviteRow key={invite.id} api={api} invite={invite} onChanged={replace} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function InviteRow(props: {
  api: AdminApi;
  invite: InviteCode;
  onChanged: (invite: InviteCode) => void;
}) {
  const { invite } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const status = inviteStatus(invite);
  const revoke = async () => {
    setBusy(true);
    const answer = await props.api.revokeInvite(invite.id);
    setBusy(false);
    if (answer.ok) props.onChanged(answer.invite);
    else setError(answer.error.message);
  };
  return (
    <tr data-invite={invite.hint}>
      <th scope="row" className="mono">
        {invite.hint}…
      </th>
      <td>{inviteUses(invite)}</td>
      <td>{when(invite.expiresAt)}</td>
      <td>
        {invite.createdBy ? (
          <bdi>{shownName(invite.createdBy.displayName) || invite.createdBy.username}</bdi>
        ) : (
          <span className="muted">Unknown</span>
        )}
      </td>
      <td>{status}</td>
      <td>
        {status === 'active' && (
          <button
            type="button"
            aria-label={`Revoke code ${invite.hint}…`}
            disabled={busy}
            onClick={() => void revoke()}
          >
            Revoke
          </button>
        )}
        <ErrorLine error={error} />
      </td>
    </tr>
  );
}
