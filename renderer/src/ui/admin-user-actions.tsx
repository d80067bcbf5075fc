import { useState } from 'react';
import type { AdminUser, PasswordResetIssued, User } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { userActions } from '../lib/admin-rules';
import { ErrorLine } from './admin-dialog';
import { BanDialog, ResetCodeDialog, TransferDialog } from './admin-user-dialogs';

type Open = 'ban' | 'transfer' | { reset: PasswordResetIssued } | null;

/**
 * One user's actions in the Users tab: Ban / Unban, Reset password, and for the owner Make
 * admin / Remove admin and Transfer ownership. Each button names the person for screen
 * readers; each refusal shows under the buttons in the server's words.
 */
export function UserActionButtons(props: {
  api: AdminApi;
  me: User;
  user: AdminUser;
  onChanged: (user: AdminUser) => void;
  /** Ownership went to this user: the list around is read again. */
  onTransferred: () => void;
}) {
  const { api, user, onChanged } = props;
  const allowed = userActions(props.me, user);
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const who = `@${user.username}`;

  /** Runs a request that answers with the user's new state. */
  const change = async (run: () => ReturnType<AdminApi['unban']>) => {
    setBusy(true);
    setError(undefined);
    const answer = await run();
    setBusy(false);
    if (answer.ok) onChanged(answer.user);
    else setError(answer.error.message);
    return answer;
  };
  const reset = async () => {
    setBusy(true);
    setError(undefined);
    const answer = await api.resetPassword(user.id);
    setBusy(false);
    if (answer.ok) setOpen({ reset: { code: answer.code, expiresAt: answer.expiresAt } });
    else setError(answer.error.message);
  };

  if (!Object.values(allowed).some(Boolean)) return <span className="muted small">None</span>;
  return (
    <div className="admin-actions">
      {allowed.ban &&
        (user.banned ? (
          <button
            type="button"
            disabled={busy}
            aria-label={`Unban ${who}`}
            onClick={() => void change(() => api.unban(user.id))}
          >
            Unban
          </button>
        ) : (
          <button type="button" aria-label={`Ban ${who}`} onClick={() => setOpen('ban')}>
            Ban
          </button>
        ))}
      {allowed.resetPassword && (
        <button
          type="button"
          disabled={busy}
          aria-label={`Reset password of ${who}`}
          onClick={() => void reset()}
        >
          Reset password
        </button>
      )}
      {allowed.changeRole && (
        <button
          type="button"
          disabled={busy}
          aria-label={`${user.role === 'admin' ? 'Remove admin' : 'Make admin'}: ${who}`}
          onClick={() =>
            void change(() => api.setRole(user.id, user.role === 'admin' ? 'member' : 'admin'))
          }
        >
          {user.role === 'admin' ? 'Remove admin' : 'Make admin'}
        </button>
      )}
      {allowed.transfer && (
        <button
          type="button"
          aria-label={`Transfer ownership to ${who}`}
          onClick={() => setOpen('transfer')}
        >
          Transfer ownership
        </button>
      )}
      <ErrorLine error={error} />
      {open === 'ban' && (
        <BanDialog
          user={user}
          onClose={() => setOpen(null)}
          onBan={(reason) => change(() => api.ban(user.id, reason))}
        />
      )}
      {open === 'transfer' && (
        <TransferDialog
          user={user}
          onClose={() => setOpen(null)}
          onTransfer={async (password) => {
            const answer = await api.transferOwnership(user.username, password);
            if (answer.ok) props.onTransferred();
            return answer;
          }}
        />
      )}
      {open !== null && typeof open === 'object' && (
        <ResetCodeDialog user={user} issued={open.reset} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}
