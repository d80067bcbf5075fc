import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Message } from '../../../server/protocol';
import { failure, type RowActions } from './row-actions';
import { useDomId } from './dom-ids';

/**
 * Editing a message in place: the text in a box, Enter saves, Shift+Enter adds a line, Escape
 * cancels. A refusal (too long, no connection) shows under the box, which stays open.
 */
export function MessageEditor(props: { message: Message; actions: RowActions }) {
  const { message, actions } = props;
  const [text, setText] = useState(message.text);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useDomId('edit');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  // Back to writing, as in Slack: the composer (the room's, or the thread's) is where the
  // person was before.
  const done = () => {
    actions.onEdit(null);
    document.getElementById(actions.composerId)?.focus();
  };

  const save = async () => {
    const trimmed = text.trim();
    if (trimmed === message.text.trim()) return done();
    if (!trimmed) return setError('A message cannot be empty; delete it instead.');
    setSaving(true);
    const problem = await failure(actions.client.editMessage(message.id, trimmed));
    setSaving(false);
    if (problem === undefined) done();
    else setError(problem);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      if (!saving) void save();
    } else if (event.key === 'Escape') {
      // Stops here: Escape must not also close a panel or dialog around the list.
      event.preventDefault();
      event.stopPropagation();
      done();
    }
  };

  return (
    <div className="message-editor">
      <label htmlFor={id} className="visually-hidden">
        Edit message
      </label>
      <textarea
        id={id}
        ref={box}
        value={text}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        spellCheck
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          Not saved: {error}
        </p>
      )}
      <div className="message-editor-bar">
        <p id={`${id}-hint`} className="small muted">
          Enter to save · Shift+Enter for a new line · Escape to cancel
        </p>
        <button type="button" onClick={done}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
          Save
        </button>
      </div>
    </div>
  );
}
