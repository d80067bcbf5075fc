import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { Message, ServerLimits } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { browserStorage, Drafts } from '../lib/drafts';
import { ArchivedNotice } from './archived-notice';
import { useComposerFiles } from './composer-files';
import { useMentionCompletion } from './composer-mentions';
import { FormattingHint, ReplyBanner } from './composer-parts';
import { useComposerIds } from './dom-ids';

/**
 * Enter sends, Shift+Enter adds a line. Typing is signalled to the room, throttled. `maxLength`
 * is the server's own limit, from `/api/info`. The unsent text is kept as a draft per room (and
 * per thread), across room switches and reloads. `@` completes the names of the room's people.
 *
 * In a thread (`threadId`), sends are thread replies, with a checkbox to also send them to the
 * room; a room's composer may answer `replyTo`, shown in a banner that Escape cancels.
 *
 * Files come from the paperclip, a paste, or a drop on the room (see useFileDrop); they upload
 * at once, listed under the box. Send stays disabled while one uploads or failed, and a message
 * may be files alone.
 */
export function Composer(props: ComposerProps) {
  const { client, roomId } = props;
  // Only whether the room is archived: the composer is not re-rendered by every other change.
  const archived = useSyncExternalStore(
    client.subscribe,
    useCallback(() => client.getState().rooms[roomId]?.room.archived === true, [client, roomId]),
  );
  // An archived room is read-only: no composer (in the room or its threads), a notice instead.
  if (archived) return <ArchivedNotice client={client} roomId={roomId} />;
  return <ComposerForm {...props} />;
}

interface ComposerProps {
  client: ChatClient;
  roomId: number;
  label: string;
  maxLength: number;
  /** The server's file limits (`ServerInfo.limits`). */
  limits?: Pick<ServerLimits, 'maxFileBytes' | 'maxAttachments'>;
  /** The thread's root: the composer writes replies in that thread. */
  threadId?: number;
  /** The room's name for "Also send to #room" (thread composers only). */
  roomName?: string;
  /** The message this one will answer, quoted; null or absent for none. */
  replyTo?: Message | null;
  onCancelReply?: () => void;
  /** The up-arrow in the empty box: edit my last message (as in Slack). */
  onEditLast?: () => void;
  /** The text box's id: the room's composer by default (see ComposerIds), a thread's its own. */
  inputId?: string;
}

function ComposerForm(props: ComposerProps) {
  const { client, roomId, threadId, maxLength, replyTo, onCancelReply } = props;
  const roomInputId = useComposerIds().room;
  const inputId = props.inputId ?? roomInputId;
  const drafts = useMemo(() => {
    const { serverUrl, me } = client.getState();
    return new Drafts(browserStorage(), serverUrl, me.id);
  }, [client]);
  const place = useMemo(() => ({ roomId, threadId }), [roomId, threadId]);
  const [text, setText] = useState(() => drafts.get(place));
  const [alsoToRoom, setAlsoToRoom] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const files = useComposerFiles({ client, place, limits: props.limits, idPrefix: inputId });
  const caret = useRef<number | null>(null);

  const change = (value: string) => {
    setText(value);
    drafts.set(place, value);
    // Typing shows in the room; a thread reply being written is not news to the room.
    if (threadId === undefined) client.setTyping(roomId, value.trim() !== '');
  };
  const mentions = useMentionCompletion({
    client,
    roomId,
    idPrefix: inputId,
    apply: (value, at) => {
      caret.current = at;
      change(value);
    },
  });

  useEffect(() => ref.current?.focus(), [roomId, threadId]);
  // Answering a message starts with the cursor in the box.
  useEffect(() => {
    if (replyTo) ref.current?.focus();
  }, [replyTo]);
  // A completed mention puts the caret after the inserted name.
  useLayoutEffect(() => {
    if (caret.current === null || !ref.current) return;
    ref.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [text]);

  const send = () => {
    const trimmed = text.trim();
    if ((!trimmed && !files.hasFiles) || trimmed.length > maxLength || !files.ready) return;
    const attachments = files.queue.take();
    client.send(roomId, trimmed, {
      replyTo: replyTo?.id,
      threadId,
      alsoToRoom: threadId !== undefined && alsoToRoom ? true : undefined,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    setText('');
    drafts.clear(place);
    setAlsoToRoom(false);
    if (replyTo) onCancelReply?.();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    // Handled keys stop here: Escape in a thread's composer must not also close the thread.
    if (mentions.onKeyDown(event)) return event.stopPropagation();
    if (event.key === 'Escape' && replyTo && onCancelReply) {
      event.preventDefault();
      event.stopPropagation();
      onCancelReply();
    } else if (
      event.key === 'ArrowUp' &&
      props.onEditLast &&
      text === '' &&
      !(event.shiftKey || event.altKey || event.ctrlKey || event.metaKey)
    ) {
      event.preventDefault();
      props.onEditLast();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  };

  const tooLong = text.trim().length > maxLength;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {replyTo && onCancelReply && <ReplyBanner message={replyTo} onCancel={onCancelReply} />}
      <label htmlFor={inputId} className="visually-hidden">
        {props.label}
      </label>
      {mentions.list}
      <textarea
        id={inputId}
        ref={ref}
        rows={Math.min(8, text.split('\n').length)}
        value={text}
        placeholder={props.label}
        // Said, not left to the browser's default: the desktop's spell-check (issue 17) works
        // only where the field asks for it, and a test holds the attribute.
        spellCheck
        onChange={(event) => {
          change(event.target.value);
          mentions.update(event.target.value, event.target.selectionStart);
        }}
        onSelect={(event) =>
          mentions.update(event.currentTarget.value, event.currentTarget.selectionStart)
        }
        onBlur={() => threadId === undefined && client.setTyping(roomId, false)}
        onKeyDown={onKeyDown}
        onPaste={files.onPaste}
        aria-autocomplete="list"
        aria-controls={mentions.open ? mentions.listId : undefined}
        aria-activedescendant={mentions.activeId}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby={tooLong ? `${errorId} ${hintId}` : hintId}
      />
      {tooLong && (
        <p id={errorId} className="field-error" role="alert">
          Messages are limited to {maxLength} characters ({text.trim().length} now).
        </p>
      )}
      {/* After the box: Shift+Tab from the box still reaches the messages, as before. */}
      {files.button}
      <button
        type="submit"
        className="primary"
        disabled={(!text.trim() && !files.hasFiles) || tooLong || !files.ready}
        aria-describedby={files.waitId}
      >
        Send
      </button>
      {files.list}
      {threadId !== undefined && props.roomName && (
        <label className="also-to-room">
          <input
            type="checkbox"
            checked={alsoToRoom}
            onChange={(event) => setAlsoToRoom(event.target.checked)}
          />{' '}
          Also send to {props.roomName}
        </label>
      )}
      <FormattingHint id={hintId} />
    </form>
  );
}
