import { useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { Invite } from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';

/** Paste an invite (the parley:// link, or the whole text it came in). */
export function InvitePaste(props: { bridge: DesktopApi; onInvite: (invite: Invite) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const submit = async () => {
    if (!text.trim()) return setError('Paste the invite first.');
    const result = await props.bridge.parseInvite(text).catch((failure: unknown) => ({
      ok: false as const,
      message: bridgeErrorMessage(failure),
    }));
    if (result.ok) {
      setText('');
      props.onInvite(result.invite);
    } else setError(result.message);
  };
  return (
    // Not a <form>: it sits inside the address form, and forms cannot nest.
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Have an invite?</h2>
      <label htmlFor="invite-text">Paste the invite link or text</label>
      <textarea
        id="invite-text"
        rows={3}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setError(undefined);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'invite-error' : undefined}
      />
      {error && (
        <p id="invite-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      {/*
        Never disabled: the text is cleared once an invite is read, and the offer dialog that
        follows returns the focus here when it closes; a disabled button cannot take it.
      */}
      <button type="button" onClick={() => void submit()}>
        Use invite
      </button>
    </section>
  );
}
