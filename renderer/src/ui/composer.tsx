import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatClient } from '../lib/chat-client';

/**
 * Enter sends, Shift+Enter adds a line. Typing is signalled to the room, throttled. `maxLength`
 * is the server's own limit, from `/api/info`.
 */
export function Composer(props: {
  client: ChatClient;
  roomId: number;
  label: string;
  maxLength: number;
}) {
  const { client, roomId, maxLength } = props;
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => ref.current?.focus(), [roomId]);

  const send = () => {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > maxLength) return;
    client.send(roomId, trimmed);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const tooLong = text.trim().length > maxLength;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {props.label}
      </label>
      <textarea
        id="composer-input"
        ref={ref}
        rows={Math.min(8, text.split('\n').length)}
        value={text}
        placeholder={`${props.label} (Enter to send, Shift+Enter for a new line)`}
        onChange={(event) => {
          setText(event.target.value);
          client.setTyping(roomId, event.target.value.trim() !== '');
        }}
        onBlur={() => client.setTyping(roomId, false)}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby={tooLong ? 'composer-error' : undefined}
      />
      {tooLong && (
        <p id="composer-error" className="field-error" role="alert">
          Messages are limited to {maxLength} characters ({text.trim().length} now).
        </p>
      )}
      <button type="submit" className="primary" disabled={!text.trim() || tooLong}>
        Send
      </button>
    </form>
  );
}
