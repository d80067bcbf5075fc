import { useMemo, useRef, useState } from 'react';
import type { Profile } from '../../../server/protocol';
import { AccountApi } from '../lib/account-api';
import type { ChatClient } from '../lib/chat-client';
import { Avatar } from './avatar';
import { focusIfLost } from './focus-lost';
import { usePerson } from './use-people';

/** What the server takes (it sniffs the bytes; this only filters the file chooser). */
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';
/** The server's `MAX_AVATAR_BYTES`: a larger file is refused here before it is sent. */
const MAX_AVATAR_BYTES = 5 * 1024 * 1024;

/**
 * The picture: shown large, "Upload picture" (a file chooser; the server crops, resizes and
 * strips it, and its refusals are shown) and "Remove picture" back to initials.
 */
export function AvatarPicker(props: { client: ChatClient }) {
  const { client } = props;
  const { user, profile } = usePerson(client.getState().me);
  const account = useMemo(() => new AccountApi(client.session), [client]);
  const input = useRef<HTMLInputElement>(null);
  const uploadButton = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<Profile>, done: string) => {
    setBusy(true);
    setError(undefined);
    setNote('');
    try {
      client.people.apply(await work());
      setNote(done);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
      // "Remove picture" goes with the picture: the focus moves to "Upload picture".
      focusIfLost(() => uploadButton.current);
    }
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_AVATAR_BYTES)
      return setError('This picture is over 5 MB. Pick a smaller one.');
    void run(() => account.uploadAvatar(file), 'Picture updated.');
  };

  return (
    <div className="avatar-picker">
      <Avatar user={user} size="large" />
      <div className="avatar-picker-actions">
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          tabIndex={-1}
          aria-label="Picture file"
          onChange={(event) => {
            upload(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <button
          ref={uploadButton}
          type="button"
          disabled={busy}
          onClick={() => input.current?.click()}
        >
          Upload picture
        </button>
        {profile?.avatar && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => account.removeAvatar(), 'Picture removed.')}
          >
            Remove picture
          </button>
        )}
        <p className="muted small">PNG, JPEG, GIF or WebP, up to 5 MB; cropped to a square.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="muted small" role="status">
          {note}
        </p>
      </div>
    </div>
  );
}
