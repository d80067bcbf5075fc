import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ServerInfo, TokenPair } from '../../../server/protocol';
import { ApiError, type ApiClient } from '../lib/api-client';
import { useDomId } from './dom-ids';
import { NotEncryptedMark } from './not-encrypted';
import { ResetCodeForm } from './reset-code';

type Field = 'username' | 'password' | 'displayName' | 'invite' | 'setupCode' | 'form';
type Errors = Partial<Record<Field, string>>;

/** Which field an error answer belongs next to. */
function errorsFrom(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: String(error) };
  switch (error.code) {
    case 'username_taken':
      return { username: 'That username is taken.' };
    case 'invalid_credentials':
      return { password: 'Wrong username or password.' };
    case 'invalid_invite':
      return { invite: 'This invite code is not valid: it may be used or expired.' };
    case 'invalid_setup_code':
      return { setupCode: 'This is not the server’s setup code. Check what the server printed.' };
    case 'rate_limited': {
      const seconds = Math.ceil((error.retryAfterMs ?? 60_000) / 1000);
      return { form: `Too many attempts. Try again in ${seconds} s.` };
    }
    case 'banned':
      return { form: 'This account is banned from the server.' };
    case 'invalid_payload': {
      const field = /^(username|password|displayName|invite|setupCode):/.exec(
        error.message,
      )?.[1] as Field | undefined;
      return field
        ? { [field]: error.message.slice(field.length + 1).trim() }
        : { form: error.message };
    }
    default:
      return { form: error.message };
  }
}

function checkLocally(mode: 'login' | 'register', username: string, password: string): Errors {
  if (mode === 'login') return {};
  const errors: Errors = {};
  if (!/^[a-z0-9_.-]{3,32}$/i.test(username.trim()))
    errors.username = '3 to 32 characters: letters, digits, _ . -';
  if (password.length < 8) errors.password = 'At least 8 characters.';
  return errors;
}

/** Sign in or create an account on one server, following its registration policy. */
export function AuthScreen(props: {
  api: ApiClient;
  info: ServerInfo;
  notice?: string;
  inviteCode?: string;
  /** The hosted server's setup code (desktop, this computer's own server): filled in. */
  setupCode?: string;
  onSignedIn: (pair: TokenPair, remember: boolean) => Promise<void>;
  /** Absent on desktop, where the server rail switches servers. */
  onChangeServer?: () => void;
}) {
  const { info } = props;
  // A fresh server has no accounts: the first one, the owner, may always register.
  const [mode, setMode] = useState<'login' | 'register'>(
    info.setupNeeded || props.inviteCode ? 'register' : 'login',
  );
  const [values, setValues] = useState({
    username: '',
    password: '',
    displayName: '',
    invite: props.inviteCode ?? '',
    setupCode: props.setupCode ?? '',
  });
  const [remember, setRemember] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const id = useDomId('auth');
  const screen = useRef<HTMLElement>(null);
  // Switching between sign-in and the reset code form replaces the focused button: focus goes to
  // the first field of the form now shown (not on first render, where nothing was focused).
  const switched = useRef(false);
  const switchTo = (reset: boolean) => {
    switched.current = true;
    setResetting(reset);
  };
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    // Both forms start with the username.
    screen.current?.querySelector('input')?.focus();
  }, [resetting]);

  // Only a fresh server that cannot tell this request is from its own machine asks for it.
  const askSetupCode = mode === 'register' && info.setupNeeded && info.setupCodeRequired === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkLocally(mode, values.username, values.password);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const pair =
        mode === 'login'
          ? await props.api.login({ username: values.username, password: values.password })
          : await props.api.register({
              username: values.username,
              password: values.password,
              displayName: values.displayName.trim() || undefined,
              invite: values.invite.trim() || undefined,
              setupCode: (askSetupCode && values.setupCode.trim()) || undefined,
            });
      await props.onSignedIn(pair, remember);
    } catch (error) {
      setErrors(errorsFrom(error));
      setBusy(false);
    }
  };

  const field = (
    name: Exclude<Field, 'form'>,
    label: string,
    type = 'text',
    autoComplete?: string,
  ) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type={type}
        autoComplete={autoComplete}
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

  if (resetting)
    return (
      <main className="center-screen" ref={screen}>
        <ResetCodeForm
          serverUrl={props.api.serverUrl}
          onSignedIn={(pair) => props.onSignedIn(pair, remember)}
          onBack={() => switchTo(false)}
        />
      </main>
    );
  return (
    <main className="center-screen" ref={screen}>
      <form
        className="card"
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-labelledby={`${id}-title`}
      >
        <p className="muted server-line">
          {info.name} · <span className="mono">{props.api.serverUrl}</span>{' '}
          <NotEncryptedMark url={props.api.serverUrl} />{' '}
          {props.onChangeServer && (
            <button type="button" className="link" onClick={props.onChangeServer}>
              Change server
            </button>
          )}
        </p>
        <h1 id={`${id}-title`}>
          {mode === 'login'
            ? 'Sign in'
            : info.setupNeeded
              ? 'Create the owner account'
              : 'Create an account'}
        </h1>
        {props.notice && (
          <p className="notice" role="status">
            {props.notice}
          </p>
        )}
        {field('username', 'Username', 'text', 'username')}
        {field(
          'password',
          'Password',
          'password',
          mode === 'login' ? 'current-password' : 'new-password',
        )}
        {mode === 'register' && field('displayName', 'Display name (optional)', 'text', 'nickname')}
        {mode === 'register' &&
          info.registration === 'invite' &&
          !info.setupNeeded &&
          field('invite', 'Invite code')}
        {askSetupCode && (
          <>
            {field('setupCode', 'Setup code', 'text', 'off')}
            <p className="muted small">
              {props.setupCode
                ? 'Filled in by Parley: this is the server you host on this computer.'
                : 'Printed by the server when it started (and kept in its data folder, in the file setup-code), so that only whoever runs it can create the owner.'}
            </p>
          </>
        )}
        {/* On desktop the session is always kept, encrypted by the OS keychain. */}
        {!window.parley && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
            />
            Keep me signed in
          </label>
        )}
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
        {info.registration === 'closed' && mode === 'login' && !info.setupNeeded ? (
          <p className="muted">This server does not take new accounts.</p>
        ) : (
          <button
            type="button"
            className="link"
            onClick={() => {
              setMode(mode === 'login' ? 'register' : 'login');
              setErrors({});
            }}
          >
            {mode === 'login' ? 'New here? Create an account' : 'Have an account? Sign in'}
          </button>
        )}
        {mode === 'login' && (
          <button type="button" className="link" onClick={() => switchTo(true)}>
            Have a reset code?
          </button>
        )}
      </form>
    </main>
  );
}
