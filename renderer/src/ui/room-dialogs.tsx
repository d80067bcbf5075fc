import { useState, type FormEvent, type ReactNode } from 'react';
import type { ActionResult, ChatClient } from '../lib/chat-client';
import { Modal } from './modal';
import { RadioGroup } from './radio-group';
import { useDomId } from './dom-ids';

/** A one-field form in a modal that runs an action and shows its error next to the field. */
function ActionForm(props: {
  title: string;
  label: string;
  submit: string;
  onClose: () => void;
  run: (value: string) => Promise<ActionResult>;
  extra?: ReactNode;
  /** What the field holds when the dialog opens. */
  initial?: string;
}) {
  const [value, setValue] = useState(props.initial ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useDomId('action');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return setError('Please fill this in.');
    setBusy(true);
    const result = await props.run(value.trim());
    setBusy(false);
    if (result.ok) props.onClose();
    else setError(result.error.message);
  };
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <label htmlFor={`${id}-field`}>{props.label}</label>
        <input
          id={`${id}-field`}
          autoFocus
          // Filled in already (Add people): the caret goes after what is there, to type more.
          onFocus={(event) => event.currentTarget.setSelectionRange(value.length, value.length)}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
        {props.extra}
        <div className="modal-buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {props.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const KINDS = [
  ['public', 'Public: anyone on the server'],
  ['private', 'Private: invited people only'],
] as const;

export function CreateRoomDialog(props: { client: ChatClient; onClose: () => void }) {
  const [kind, setKind] = useState<'public' | 'private'>('public');
  return (
    <ActionForm
      title="New room"
      label="Room name"
      submit="Create room"
      onClose={props.onClose}
      run={(name) => props.client.createRoom(name, kind)}
      extra={
        <RadioGroup
          className="kind-choice"
          legend="Who can join"
          name="kind"
          value={kind}
          options={KINDS}
          onChange={setKind}
        />
      }
    />
  );
}

/** "@ann, bob cy" → ["ann", "bob", "cy"]: commas or spaces between names, an @ allowed. */
export function parseUsernames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.replace(/^@/, ''))
    .filter((name) => name !== '');
}

/**
 * Opens the conversation of this user and up to 7 people. With `members` (Add people in a group
 * conversation) it starts filled in with them: adding someone opens the larger group's own
 * conversation, as in Slack, and this one keeps its history.
 */
export function OpenDirectDialog(props: {
  client: ChatClient;
  onClose: () => void;
  members?: string[];
}) {
  const adding = props.members !== undefined;
  return (
    <ActionForm
      title={adding ? 'Add people' : 'New direct message'}
      label="Usernames (up to 7, separated by commas or spaces)"
      submit="Open conversation"
      onClose={props.onClose}
      initial={adding ? `${props.members?.join(', ')}, ` : undefined}
      extra={
        adding && (
          <p className="muted small">
            This opens a new conversation with everyone listed; the messages here stay here.
          </p>
        )
      }
      run={async (text) => {
        const usernames = [...new Set(parseUsernames(text))];
        if (usernames.length > 7)
          return { ok: false, error: { code: 'invalid_payload', message: 'At most 7 people.' } };
        return props.client.openDirect(usernames);
      }}
    />
  );
}

export function InviteDialog(props: { client: ChatClient; roomId: number; onClose: () => void }) {
  return (
    <ActionForm
      title="Invite to this room"
      label="Username"
      submit="Invite"
      onClose={props.onClose}
      run={(username) => props.client.invite(props.roomId, username)}
    />
  );
}
