import { useMemo, useState, type FormEvent } from 'react';
import { AccountApi } from '../lib/account-api';
import { ApiError } from '../lib/api-client';
import type { ChatClient } from '../lib/chat-client';
import { DeleteAccount } from './account-security-delete';
import { SessionsList } from './sessions-list';
import { useDomId } from './dom-ids';

const words = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The Security tab: change the password, "Your sessions", and deleting the account. */
export function AccountSecurity(props: { client: ChatClient; onAccountDeleted: () => void }) {
  const account = useMemo(() => new AccountApi(props.client.session), [props.client]);
  return (
    <div className="account-security">
      <ChangePassword account={account} username={props.client.getState().me.username} />
      <SessionsList account={account} />
      <DeleteAccount
        account={account}
        isOwner={props.client.getState().me.role === 'owner'}
        onDeleted={props.onAccountDeleted}
      />
    </div>
  );
}

type PasswordField = 'current' | 'next' | 'confirm';

/** Current, new and confirmation; the server ends every other session when it changes. */
function ChangePassword(props: { account: AccountApi; username: string }) {
  const [values, setValues] = useState({ current: '', next: '', confirm: '' });
  // The error, and the one field it is about (only that one is marked invalid).
  const [problem, setProblem] = useState<{ text: string; field?: PasswordField }>();
  const error = problem?.text;
  const setError = (text: string | undefined, field?: PasswordField) =>
    setProblem(text === undefined ? undefined : { text, field });
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useDomId('password');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    if (values.next.length < 8)
      return setError('The new password needs at least 8 characters.', 'next');
    if (values.next !== values.confirm)
      return setError('The new passwords do not match.', 'confirm');
    setBusy(true);
    try {
      await props.account.changePassword(values.current, values.next);
      setError(undefined);
      setValues({ current: '', next: '', confirm: '' });
      setDone('Password changed. Your other sessions were signed out.');
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'invalid_credentials')
        setError('The current password is wrong.', 'current');
      else setError(words(failure));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: PasswordField, label: string, autoComplete: string) => {
    const invalid = problem?.field === key;
    return (
      <>
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <input
          id={`${id}-${key}`}
          type="password"
          autoComplete={autoComplete}
          value={values[key]}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => setValues({ ...values, [key]: event.target.value })}
        />
      </>
    );
  };

  return (
    <form
      className="settings-section"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id={`${id}-heading`}>Change password</h3>
      {/* For password managers: the account the new password belongs to. */}
      <input
        type="text"
        name="username"
        autoComplete="username"
        value={props.username}
        readOnly
        hidden
      />
      {field('current', 'Current password', 'current-password')}
      {field('next', 'New password', 'new-password')}
      {field('confirm', 'Confirm new password', 'new-password')}
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
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
