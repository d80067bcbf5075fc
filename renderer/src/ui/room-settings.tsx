import { useState, type FormEvent } from 'react';
import type { Room, User } from '../../../server/protocol';
import { isAdmin, ROOM_TOPIC_MAX } from '../lib/admin-rooms';
import type { ChatClient } from '../lib/chat-client';
import { AdminDialog, ErrorLine } from './admin-dialog';
import { DeleteRoomDialog } from './room-settings-delete';
import './admin.css';
import { useDomId } from './dom-ids';

/**
 * Room settings, for the room's creator and admins: its name and topic, archive or unarchive;
 * and for admins, delete (confirmed by typing the name). The server checks every one.
 */
export function RoomSettingsDialog(props: {
  client: ChatClient;
  room: Room;
  me: User;
  onClose: () => void;
}) {
  const { client, room } = props;
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic ?? '');
  const [error, setError] = useState<string>();
  const [archiveError, setArchiveError] = useState<string>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const id = useDomId('room-settings');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change = {
      ...(name.trim() !== room.name ? { name: name.trim() } : {}),
      ...(topic.trim() !== (room.topic ?? '') ? { topic: topic.trim() } : {}),
    };
    if (!name.trim()) return setError('The room needs a name.');
    if (Object.keys(change).length === 0) return setSaved('Nothing to save.');
    setBusy(true);
    setError(undefined);
    const answer = await client.roomAdmin.update(room.id, change);
    setBusy(false);
    if (answer.ok) setSaved('Saved.');
    else setError(answer.error.message);
  };
  const archive = async (archived: boolean) => {
    setArchiveError(undefined);
    setArchiving(true);
    const answer = await client.roomAdmin.archive(room.id, archived);
    setArchiving(false);
    if (!answer.ok) setArchiveError(answer.error.message);
  };

  return (
    <AdminDialog title={`Room settings: #${room.name}`} onClose={props.onClose}>
      <form onSubmit={(event) => void save(event)} noValidate>
        {room.archived && <p className="small">Unarchive the room to change its name or topic.</p>}
        <fieldset className="room-settings-fields" disabled={room.archived}>
          <label htmlFor={`${id}-name`}>Room name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setSaved('');
            }}
          />
          <label htmlFor={`${id}-topic`}>Topic</label>
          <textarea
            id={`${id}-topic`}
            rows={3}
            maxLength={ROOM_TOPIC_MAX}
            value={topic}
            aria-describedby={`${id}-topic-count`}
            onChange={(event) => {
              setTopic(event.target.value);
              setSaved('');
            }}
          />
          <p id={`${id}-topic-count`} className="muted small">
            {topic.length} of {ROOM_TOPIC_MAX} characters
          </p>
        </fieldset>
        <ErrorLine error={error} />
        <div className="modal-buttons">
          <span className="admin-saved" role="status">
            {saved}
          </span>
          <button type="submit" className="primary" disabled={busy || room.archived}>
            Save
          </button>
        </div>
      </form>
      <section className="room-settings-section" aria-labelledby={`${id}-archive-title`}>
        <h3 id={`${id}-archive-title`}>{room.archived ? 'Archived' : 'Archive'}</h3>
        <p className="small">
          {room.archived
            ? 'This room is read-only and hidden from Browse rooms. Unarchiving lets its members write again.'
            : 'An archived room is read-only for everyone and hidden from Browse rooms. Its members still see it, and it can be unarchived.'}
        </p>
        <button type="button" disabled={archiving} onClick={() => void archive(!room.archived)}>
          {room.archived ? 'Unarchive room' : 'Archive room'}
        </button>
        <ErrorLine error={archiveError} />
      </section>
      {isAdmin(props.me) && (
        <section className="room-settings-section" aria-labelledby={`${id}-delete-title`}>
          <h3 id={`${id}-delete-title`}>Delete</h3>
          <p className="small">Deleting removes the room and all its messages for everyone.</p>
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete room…
          </button>
        </section>
      )}
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {deleting && (
        <DeleteRoomDialog
          client={client}
          room={room}
          onClose={() => setDeleting(false)}
          onDeleted={props.onClose}
        />
      )}
    </AdminDialog>
  );
}
