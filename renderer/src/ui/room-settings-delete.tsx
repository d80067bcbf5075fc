import { useState, type FormEvent } from 'react';
import type { Room } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { AdminDialog, ErrorLine } from './admin-dialog';
import { useDomId } from './dom-ids';

/** "Delete #x?": cannot be undone, so the admin types the room's name to confirm. */
export function DeleteRoomDialog(props: {
  client: ChatClient;
  room: Room;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { room } = props;
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useDomId('delete-room');
  const matches = typed.trim() === room.name;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return setError(`Type ${room.name} to confirm.`);
    setBusy(true);
    const answer = await props.client.roomAdmin.remove(room.id, typed.trim());
    setBusy(false);
    if (answer.ok) props.onDeleted();
    else setError(answer.error.message);
  };
  return (
    <AdminDialog title={`Delete #${room.name}?`} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p>The room and every message in it are deleted for everyone. This cannot be undone.</p>
        <label htmlFor={`${id}-name`}>Type the room's name ({room.name}) to confirm</label>
        <input
          id={`${id}-name`}
          autoFocus
          autoComplete="off"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <ErrorLine id={`${id}-error`} error={error} />
        <div className="modal-buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy || !matches}>
            Delete room
          </button>
        </div>
      </form>
    </AdminDialog>
  );
}
