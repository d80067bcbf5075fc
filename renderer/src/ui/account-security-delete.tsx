import { useState, type FormEvent } from 'react';
import type { AccountApi } from '../lib/account-api';
import { useDomId } from './dom-ids';

/**
 * Deleting one's own account, confirmed with the password. The server refuses the owner
 * (`forbidden`, until ownership is transferred): its words are shown as they come.
 */
export function DeleteAccount(props: {
  account: AccountApi;
  isOwner: boolean;
  onDeleted: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useDomId('delete');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setError('Enter your password to confirm.');
    setBusy(true);
    try {
      await props.account.deleteAccount(password);
    } catch (failure) {
      setBusy(false);
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    props.onDeleted();
  };

  return (
    <form
      className="settings-section danger-zone"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id={`${id}-heading`}>Delete account</h3>
      <p className="small">
        This signs you out everywhere and cannot be undone. Your messages stay, shown as from
        “Deleted user” (unless the server’s owner chose to remove them), and your username stays
        reserved for 30 days.
        {props.isOwner && ' As the owner, you must transfer ownership first.'}
      </p>
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        value={password}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setPassword(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="danger" disabled={busy}>
        Delete my account
      </button>
    </form>
  );
}
