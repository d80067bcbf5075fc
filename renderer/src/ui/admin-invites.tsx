import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { InviteCode } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { when } from '../lib/admin-format';
import { inviteStatus, inviteUses, readInviteForm } from '../lib/admin-rules';
import { shownName } from '../lib/names';
import { OneTimeCode } from './admin-code';
import { ErrorLine } from './admin-dialog';

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
  const status = inviteStatus(invite);
  const revoke = async () => {
    const answer = await props.api.revokeInvite(invite.id);
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

/** Makes a code; the code itself is shown here once, never again. */
function InviteForm(props: { api: AdminApi; onMade: (invite: InviteCode) => void }) {
  const [unlimited, setUnlimited] = useState(false);
  const [uses, setUses] = useState('1');
  const [hours, setHours] = useState('72');
  const [error, setError] = useState<{ field: 'uses' | 'hours' | 'form'; error: string }>();
  const [made, setMade] = useState<{ code: string; expiresAt: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = readInviteForm({ unlimited, uses, hours });
    if ('error' in read) return setError(read);
    setError(undefined);
    setBusy(true);
    const answer = await props.api.createInvite(read);
    setBusy(false);
    if (!answer.ok) return setError({ field: 'form', error: answer.error.message });
    setMade({ code: answer.code, expiresAt: answer.invite.expiresAt });
    props.onMade(answer.invite);
  };
  const invalid = (field: 'uses' | 'hours') =>
    error?.field === field
      ? { 'aria-invalid': true, 'aria-describedby': `invite-${field}-error` }
      : {};
  return (
    <form className="admin-invite-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>New invite code</h3>
      <div className="admin-fields">
        <div>
          <label htmlFor="invite-uses">How many uses</label>
          <input
            id="invite-uses"
            type="number"
            min={1}
            max={1000}
            disabled={unlimited}
            value={uses}
            onChange={(event) => setUses(event.target.value)}
            {...invalid('uses')}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={unlimited}
              onChange={(event) => setUnlimited(event.target.checked)}
            />
            Unlimited uses
          </label>
          {error?.field === 'uses' && <ErrorLine id="invite-uses-error" error={error.error} />}
        </div>
        <div>
          <label htmlFor="invite-hours">Expires after (hours)</label>
          <input
            id="invite-hours"
            type="number"
            min={1}
            max={720}
            value={hours}
            onChange={(event) => setHours(event.target.value)}
            {...invalid('hours')}
          />
          {error?.field === 'hours' && <ErrorLine id="invite-hours-error" error={error.error} />}
        </div>
      </div>
      {error?.field === 'form' && <ErrorLine error={error.error} />}
      <div className="modal-buttons">
        <button type="submit" className="primary" disabled={busy}>
          Make invite code
        </button>
      </div>
      {made && (
        <OneTimeCode label="New invite code" code={made.code} expiresAt={made.expiresAt}>
          <p className="small">
            Give it to the people you invite: they enter it in “Invite code” when they create their
            account.
          </p>
        </OneTimeCode>
      )}
    </form>
  );
}
