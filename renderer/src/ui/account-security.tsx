import { useMemo, useState, type FormEvent } from 'react';
import { AccountApi } from '../lib/account-api';
import { ApiError } from '../lib/api-client';
import type { ChatClient } from '../lib/chat-client';
import { DeleteAccount } from './account-security-delete';
import { SessionsList } from './sessions-list';

const words = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The Security tab: change the password, "Your sessions", and deleting the account. */
export function AccountSecurity(props: { client: ChatClient; onAccountDeleted: () => void }) {
  const account = useMemo(() => new AccountApi(props.client.session), [props.client]);
  return (
    <div className="account-security">
      <ChangePassword account={account} />
      <SessionsList account={account} />
      <DeleteAccount
        account={account}
        isOwner={props.client.getState().me.role === 'owner'}
        onDeleted={props.onAccountDeleted}
      />
    </div>
  );
}

/** Current, new and confirmation; the server ends every other session when it changes. */
function ChangePassword(props: { account: AccountApi }) {
  const [values, setValues] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<string>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    if (values.next.length < 8) return setError('The new password needs at least 8 characters.');
    if (values.next !== values.confirm) return setError('The new passwords do not match.');
    setBusy(true);
    try {
      await props.account.changePassword(values.current, values.next);
      setError(undefined);
      setValues({ current: '', next: '', confirm: '' });
      setDone('Password changed. Your other sessions were signed out.');
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.code === 'invalid_credentials'
          ? 'The current password is wrong.'
          : words(failure),
      );
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof typeof values, label: string, autoComplete: string) => (
    <>
      <label htmlFor={`password-${key}`}>{label}</label>
      <input
        id={`password-${key}`}
        type="password"
        autoComplete={autoComplete}
        value={values[key]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'password-error' : undefined}
        onChange={(event) => setValues({ ...values, [key]: event.target.value })}
      />
    </>
  );

  return (
    <form
      className="settings-section"
      aria-labelledby="password-heading"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id="password-heading">Change password</h3>
      {field('current', 'Current password', 'current-password')}
      {field('next', 'New password', 'new-password')}
      {field('confirm', 'Confirm new password', 'new-password')}
      {error && (
        <p id="password-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small" role="status">
        {done}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
