import { useState, type FormEvent } from 'react';
import type { AdminUser, PasswordResetIssued } from '../../../server/protocol';
import { BAN_REASON_MAX } from '../lib/admin-rooms';
import { shownName } from '../lib/names';
import { AdminDialog, ErrorLine } from './admin-dialog';
import { OneTimeCode } from './admin-code';
import { useDomId } from './dom-ids';

type Result = { ok: true } | { ok: false; error: { message: string } };

const nameOf = (user: AdminUser) =>
  `${shownName(user.displayName) || user.username} (@${user.username})`;

/** Ban: asks the reason (kept for admins only), then ends the person's sessions at once. */
export function BanDialog(props: {
  user: AdminUser;
  onBan: (reason: string) => Promise<Result>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonId = useDomId('ban-reason');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await props.onBan(reason.trim());
    setBusy(false);
    if (result.ok) props.onClose();
    else setError(result.error.message);
  };
  return (
    <AdminDialog title={`Ban ${nameOf(props.user)}?`} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p>They are signed out everywhere at once and cannot sign in until unbanned.</p>
        <label htmlFor={reasonId}>Reason (seen by admins only)</label>
        <textarea
          id={reasonId}
          autoFocus
          rows={3}
          maxLength={BAN_REASON_MAX}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <ErrorLine error={error} />
        <div className="modal-buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            Ban
          </button>
        </div>
      </form>
    </AdminDialog>
  );
}

/** The reset code an admin hands over: shown once, with whom to give it to and how it is used. */
export function ResetCodeDialog(props: {
  user: AdminUser;
  issued: PasswordResetIssued;
  onClose: () => void;
}) {
  return (
    <AdminDialog title={`Password reset code for ${nameOf(props.user)}`} onClose={props.onClose}>
      <OneTimeCode label="Reset code" code={props.issued.code} expiresAt={props.issued.expiresAt}>
        <p>
          Hand this code to {shownName(props.user.displayName) || props.user.username} yourself (in
          person or another trusted way). On the sign-in screen they choose “Have a reset code?”,
          enter their username, this code and a new password. Their other sessions keep working
          until then; the code works once.
        </p>
      </OneTimeCode>
      <div className="modal-buttons">
        <button type="button" className="primary" autoFocus onClick={props.onClose}>
          Done
        </button>
      </div>
    </AdminDialog>
  );
}

/** Transfer ownership: the owner confirms with their own password and becomes an admin. */
export function TransferDialog(props: {
  user: AdminUser;
  onTransfer: (password: string) => Promise<Result>;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useDomId('transfer');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setError('Please enter your password.');
    setBusy(true);
    const result = await props.onTransfer(password);
    setBusy(false);
    if (result.ok) props.onClose();
    else setError(result.error.message);
  };
  return (
    <AdminDialog title={`Make ${nameOf(props.user)} the owner?`} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p>
          There is one owner. They will be able to change roles and transfer ownership; you will be
          an admin.
        </p>
        <label htmlFor={`${id}-password`}>Your password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <ErrorLine id={`${id}-error`} error={error} />
        <div className="modal-buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            Transfer ownership
          </button>
        </div>
      </form>
    </AdminDialog>
  );
}
