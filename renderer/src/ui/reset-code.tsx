import { useState, type FormEvent } from 'react';
import type { TokenPair } from '../../../server/protocol';
import { redeemResetCode } from '../lib/account-api';
import { ApiError } from '../lib/api-client';
import { useDomId } from './dom-ids';

type Field = 'username' | 'code' | 'password' | 'confirm' | 'form';

/** Which field an error answer belongs next to. */
function errorFor(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return { form: String(error) };
  if (error.code === 'invalid_reset_code')
    return { code: 'This code is not valid for this username: it may be used or expired.' };
  if (error.code === 'rate_limited')
    return {
      form: `Too many attempts. Try again in ${Math.ceil((error.retryAfterMs ?? 60_000) / 1000)} s.`,
    };
  return { form: error.message };
}

/**
 * "Have a reset code?": an admin reset this person's password and handed them a one-time code.
 * Username, code and a new password; the server sets it and signs them in.
 */
export function ResetCodeForm(props: {
  serverUrl: string;
  onSignedIn: (pair: TokenPair) => Promise<void>;
  onBack: () => void;
}) {
  const [values, setValues] = useState({ username: '', code: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const id = useDomId('reset');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<Field, string>> = {};
    if (!values.username.trim()) local.username = 'Enter your username.';
    if (!values.code.trim()) local.code = 'Enter the code you were given.';
    if (values.password.length < 8) local.password = 'At least 8 characters.';
    else if (values.password !== values.confirm) local.confirm = 'The passwords do not match.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const pair = await redeemResetCode(props.serverUrl, {
        username: values.username.trim(),
        code: values.code.trim(),
        newPassword: values.password,
      });
      await props.onSignedIn(pair);
    } catch (error) {
      setErrors(errorFor(error));
      setBusy(false);
    }
  };

  const field = (name: Exclude<Field, 'form'>, label: string, type: string, auto: string) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type={type}
        autoComplete={auto}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="field-error" role="alert">
          {errors[name]}
        </p>
      )}
    </>
  );

  return (
    <form
      className="card"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h1 id={`${id}-title`}>Set a new password</h1>
      <p className="muted small">Use the one-time code an admin of this server gave you.</p>
      {field('username', 'Username', 'text', 'username')}
      {field('code', 'Reset code', 'text', 'one-time-code')}
      {field('password', 'New password', 'password', 'new-password')}
      {field('confirm', 'Confirm new password', 'password', 'new-password')}
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Set password and sign in
      </button>
      <button type="button" className="link" onClick={props.onBack}>
        Back to sign in
      </button>
    </form>
  );
}
