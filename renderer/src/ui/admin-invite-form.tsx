import { useState, type FormEvent } from 'react';
import type { InviteCode } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { readInviteForm } from '../lib/admin-rules';
import { OneTimeCode } from './admin-code';
import { ErrorLine } from './admin-dialog';
import { useDomId } from './dom-ids';

/** Makes a code; the code itself is shown here once, never again. */
export function InviteForm(props: { api: AdminApi; onMade: (invite: InviteCode) => void }) {
  const [unlimited, setUnlimited] = useState(false);
  const [uses, setUses] = useState('1');
  const [hours, setHours] = useState('72');
  const [error, setError] = useState<{ field: 'uses' | 'hours' | 'form'; error: string }>();
  const [made, setMade] = useState<{ code: string; expiresAt: number }>();
  const [busy, setBusy] = useState(false);
  const id = useDomId('invite');
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
      ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` }
      : {};
  return (
    <form className="admin-invite-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>New invite code</h3>
      <div className="admin-fields">
        <div>
          <label htmlFor={`${id}-uses`}>How many uses</label>
          <input
            id={`${id}-uses`}
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
          {error?.field === 'uses' && <ErrorLine id={`${id}-uses-error`} error={error.error} />}
        </div>
        <div>
          <label htmlFor={`${id}-hours`}>Expires after (hours)</label>
          <input
            id={`${id}-hours`}
            type="number"
            min={1}
            max={720}
            value={hours}
            onChange={(event) => setHours(event.target.value)}
            {...invalid('hours')}
          />
          {error?.field === 'hours' && <ErrorLine id={`${id}-hours-error`} error={error.error} />}
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
