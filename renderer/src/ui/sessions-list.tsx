import { useCallback, useEffect, useRef, useState } from 'react';
import { focusIfLost } from './focus-lost';
import type { SessionInfo } from '../../../server/protocol';
import type { AccountApi } from '../lib/account-api';
import { useDomId } from './dom-ids';

const when = (at: number) => new Date(at).toLocaleString();

/**
 * "Your sessions": each signed-in device or browser, where from and when, with "This device"
 * for the one in use. Any other can be signed out (its sockets are cut at once), or all of
 * them together.
 */
export function SessionsList(props: { account: AccountApi }) {
  const { account } = props;
  const [sessions, setSessions] = useState<SessionInfo[]>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useDomId('sessions-heading');

  const load = useCallback(async () => {
    try {
      setSessions(await account.sessions());
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, [account]);
  useEffect(() => void load(), [load]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setNote(await work());
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
    await load();
    setBusy(false);
    // The row signed out (or "Sign out everywhere else") is gone: focus goes to the heading.
    focusIfLost(() => heading.current);
  };
  const others = sessions?.filter((s) => !s.current) ?? [];

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        Your sessions
      </h3>
      {!sessions && !error && <p className="muted">Loading sessions…</p>}
      <ul className="sessions-list">
        {sessions?.map((session) => (
          <li key={session.id} className="session" aria-label={session.device}>
            <div>
              <strong>{session.device}</strong>
              {session.current && <span className="this-device">This device</span>}
              <p className="muted small">
                {session.ip} · started {when(session.startedAt)} · last active{' '}
                {when(session.lastActiveAt)}
              </p>
            </div>
            {!session.current && (
              <button
                type="button"
                disabled={busy}
                aria-label={`Sign out ${session.device}, last active ${when(session.lastActiveAt)}`}
                onClick={() =>
                  void act(async () => {
                    await account.signOutSession(session.id);
                    return `Signed out ${session.device}.`;
                  })
                }
              >
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const count = await account.signOutOthers();
              return `Signed out ${count} other ${count === 1 ? 'session' : 'sessions'}.`;
            })
          }
        >
          Sign out everywhere else
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small" role="status">
        {note}
      </p>
    </section>
  );
}
