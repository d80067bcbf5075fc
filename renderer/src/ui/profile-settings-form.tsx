import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { UserStatus } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { request } from '../lib/socket-request';
import { AvatarPicker } from './profile-settings-avatar';
import { ReactionPicker } from './reaction-picker';
import { usePerson } from './use-people';
import { useDomId } from './dom-ids';

/** The server's `STATUS_TEXT_MAX` (only types come from server/ here). */
const STATUS_TEXT_MAX = 100;

/**
 * The Profile tab: display name and status (an emoji from the picker, and text), saved together
 * with `profile:update`; and the picture. Everyone sees the change at once (`user:updated`).
 */
export function ProfileForm(props: { client: ChatClient }) {
  const { client } = props;
  const me = client.getState().me;
  const { user, profile } = usePerson(me);
  const [name, setName] = useState(user.displayName);
  const [status, setStatus] = useState<UserStatus>({ emoji: '', text: '' });
  // What the server held when the form was filled (or last saved): Save sends only the
  // changes, and is off until it is known, so a slow or failed load never erases a status.
  const [base, setBase] = useState<{ displayName: string; status: UserStatus }>();
  const loaded = base !== undefined;
  const [picking, setPicking] = useState<HTMLElement | null>(null);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const nameId = useDomId('profile-name');

  // The form starts from the profile once it has arrived, and is the person's after that.
  useEffect(() => {
    if (!profile || loaded) return;
    setBase({ displayName: profile.displayName, status: profile.status });
    setName(profile.displayName);
    setStatus(profile.status);
  }, [profile, loaded]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!base) return;
    const displayName = name.trim();
    const next = { emoji: status.emoji, text: status.text.trim() };
    const statusChanged = next.emoji !== base.status.emoji || next.text !== base.status.text;
    const change = {
      ...(displayName !== base.displayName ? { displayName } : {}),
      ...(statusChanged ? { status: next } : {}),
    };
    setSaved('');
    if (Object.keys(change).length === 0) return setSaved('Nothing to save.');
    setBusy(true);
    const answer = await request(client.socket, 'profile:update', change);
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setError(undefined);
    client.people.apply(answer.user);
    setBase({ displayName: answer.user.displayName, status: answer.user.status });
    setName(answer.user.displayName);
    setStatus(answer.user.status);
    setSaved('Profile saved.');
  };

  return (
    <div className="profile-form">
      <AvatarPicker client={client} />
      <form onSubmit={(event) => void save(event)} noValidate aria-label="Name and status">
        <label htmlFor={nameId}>Display name</label>
        <input
          id={nameId}
          value={name}
          autoComplete="nickname"
          maxLength={64}
          onChange={(event) => setName(event.target.value)}
        />
        <fieldset className="status-fields">
          <legend>Status</legend>
          <div className="status-row">
            <button
              ref={emojiButton}
              type="button"
              className="status-emoji"
              aria-label={status.emoji ? `Status emoji: ${status.emoji}` : 'Choose status emoji'}
              aria-haspopup="dialog"
              onClick={(event) => setPicking(event.currentTarget)}
            >
              {status.emoji || '🙂'}
            </button>
            <input
              aria-label="Status text"
              value={status.text}
              maxLength={STATUS_TEXT_MAX}
              placeholder="What’s happening?"
              onChange={(event) => setStatus({ ...status, text: event.target.value })}
            />
            <button
              type="button"
              disabled={!status.emoji && !status.text}
              onClick={() => {
                setStatus({ emoji: '', text: '' });
                emojiButton.current?.focus();
              }}
            >
              Clear status
            </button>
          </div>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="muted small" role="status">
          {saved}
        </p>
        <div className="modal-buttons">
          <button type="submit" className="primary" disabled={busy || !loaded}>
            Save profile
          </button>
        </div>
      </form>
      {picking && (
        <ReactionPicker
          anchor={picking}
          label="Status emoji"
          onPick={(emoji) => setStatus({ ...status, emoji })}
          onClose={() => setPicking(null)}
        />
      )}
    </div>
  );
}
