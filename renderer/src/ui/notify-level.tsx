import { useEffect, useRef, useState } from 'react';
import type { NotifyLevel } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { Modal } from './modal';
import { RadioGroup } from './radio-group';
import { useDomId } from './dom-ids';

const LEVELS = [
  ['all', 'All messages'],
  ['mentions', 'Mentions only'],
  ['none', 'Nothing (mute)'],
] as const;

/**
 * The room header's "Notifications" button: opens a small dialog to choose the room's level. The
 * level is kept on the server, per person, so it follows them to every device.
 */
export function NotifyButton(props: { client: ChatClient; room: RoomState; title: string }) {
  const [open, setOpen] = useState(false);
  const muted = props.room.notify === 'none';
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-label={muted ? 'Notifications (muted)' : 'Notifications'}
        onClick={() => setOpen(true)}
      >
        {muted && <span aria-hidden="true">🔕 </span>}
        Notifications
      </button>
      {open && <NotifyDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * A choice applies at once (no Save step, as in Slack's menu): the radio shows it while the
 * server is asked, and falls back to the level in force, with the error, if the server refuses.
 */
function NotifyDialog(props: {
  client: ChatClient;
  room: RoomState;
  title: string;
  onClose: () => void;
}) {
  const { client, room } = props;
  const [chosen, setChosen] = useState<NotifyLevel>(room.notify);
  const [error, setError] = useState<string>();
  // Only the answer to the latest choice counts: an earlier one may come back after it.
  const latest = useRef(0);
  const choices = useRef<HTMLDivElement>(null);
  // Its radios are in no form: a fixed name would group them with another server's open dialog.
  const groupName = useDomId('notify-level');
  useEffect(() => {
    // Focus starts on the level in force, as arrow keys in a radio group expect.
    choices.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, []);

  const choose = async (level: NotifyLevel) => {
    const ask = ++latest.current;
    setChosen(level);
    setError(undefined);
    const result = await client.setNotify(room.room.id, level);
    if (ask !== latest.current || result.ok) return;
    setChosen(client.getState().rooms[room.room.id]?.notify ?? room.notify);
    setError(`Could not change the notifications: ${result.error.message}`);
  };

  return (
    <Modal title={`Notifications for ${props.title}`} onClose={props.onClose}>
      <div ref={choices}>
        <RadioGroup
          className="notify-choice"
          legend="Notify me about"
          name={groupName}
          value={chosen}
          options={LEVELS}
          onChange={(level) => void choose(level)}
        />
      </div>
      <p className="muted small">
        A muted room shows no unread count; mentions of you still show. This setting follows you to
        every device.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
