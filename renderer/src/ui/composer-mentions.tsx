import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { ROOM_MENTION_OPEN_UP_TO, UserRef } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import {
  insertMention,
  mayMentionRoom,
  mentionAt,
  mentionOptions,
  type MentionOption,
  type MentionQuery,
} from '../lib/mention-complete';
import { shownName } from '../lib/names';

/**
 * The server's limit for `@room` from anyone. The renderer imports only types from server/; the
 * constant's literal type keeps this copy equal to it (a change there fails to compile here).
 */
const ROOM_OPEN_UP_TO: typeof ROOM_MENTION_OPEN_UP_TO = 50;

/** What the composer needs from the completion: the list's ids and what a key did. */
export interface MentionCompletion {
  /** Whether the list of suggestions is showing. */
  open: boolean;
  listId: string;
  /** The id of the highlighted option, for aria-activedescendant. */
  activeId: string | undefined;
  /** Call on every change of the text or the caret. */
  update(text: string, caret: number): void;
  /** Handles Up, Down, Enter, Tab and Escape while the list is open; true if it did. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  /** The list, to render beside the text box (null when closed). */
  list: React.ReactNode;
}

/**
 * `@` completion for a composer: typing `@` and letters lists the room's people that match
 * (its members, asked of the server once the list first opens; until then, or if that fails,
 * those the client already knows: online, authors, a direct room's members), then `@room`.
 * Picking one puts `@username ` into the text through `apply`.
 */
export function useMentionCompletion(props: {
  client: ChatClient;
  roomId: number;
  idPrefix: string;
  apply: (text: string, caret: number) => void;
}): MentionCompletion {
  const { client, roomId, idPrefix } = props;
  const [at, setAt] = useState<{ query: MentionQuery; text: string; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const members = useRoomMembers(client, roomId, at !== null);

  const options = useMemo(() => {
    if (!at) return [];
    const state = client.getState();
    const room = state.rooms[roomId];
    const known: UserRef[] = room
      ? [...room.online, ...(room.room.members ?? []), ...room.messages.map((m) => m.author)]
      : [];
    const offerRoom = mayMentionRoom(
      room?.room.memberCount ?? 0,
      state.me.role === 'owner',
      ROOM_OPEN_UP_TO,
    );
    // Members first, then the people the client saw (who may have left since).
    return mentionOptions(at.query.query, [...(members ?? []), ...known], {
      meId: state.me.id,
      offerRoom,
    });
  }, [at, members, client, roomId]);

  const open = options.length > 0;
  const listId = `${idPrefix}-mentions`;
  const optionId = (i: number) => `${listId}-${i}`;
  const current = Math.min(active, options.length - 1);

  const pick = (option: MentionOption | undefined) => {
    if (!at || !option) return;
    const next = insertMention(at.text, at.caret, at.query, option.username);
    setAt(null);
    props.apply(next.text, next.caret);
  };

  return {
    open,
    listId,
    activeId: open ? optionId(current) : undefined,
    update(text, caret) {
      const query = mentionAt(text, caret);
      // A new `@` (or none) starts from the top of the list again.
      if (query?.start !== at?.query.start) setActive(0);
      setAt(query ? { query, text, caret } : null);
    },
    onKeyDown(event) {
      if (!open) return false;
      const n = options.length;
      if (event.key === 'ArrowDown') setActive((current + 1) % n);
      else if (event.key === 'ArrowUp') setActive((current - 1 + n) % n);
      else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab')
        pick(options[current]);
      else if (event.key === 'Escape') setAt(null);
      else return false;
      event.preventDefault();
      return true;
    },
    list: open ? (
      <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention">
        {options.map((option, i) => (
          <li
            key={option.kind === 'room' ? 'room' : option.user.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            // mousedown, not click: the text box keeps the focus (and its caret).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
          >
            {option.kind === 'room' ? (
              <>
                <span className="mention-name">@room</span>{' '}
                <span className="muted small">everyone in this room</span>
              </>
            ) : (
              <>
                <bdi className="mention-name">
                  {shownName(option.user.displayName) || option.user.username}
                </bdi>{' '}
                <span className="muted small">@{option.user.username}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    ) : null,
  };
}

/**
 * The room's members (the server's first page, online ones first, from `client.members`),
 * asked afresh each time the list opens, so that someone who joined since is there; the last
 * answer shows meanwhile.
 */
function useRoomMembers(client: ChatClient, roomId: number, wanted: boolean): UserRef[] | null {
  const [members, setMembers] = useState<{ roomId: number; list: UserRef[] } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void client.members(roomId).then((answer) => {
      // A failure leaves the people the client knows: completion still works with those.
      if (live && answer.ok) setMembers({ roomId, list: answer.members });
    });
    return () => {
      live = false;
    };
  }, [client, roomId, wanted]);
  return members?.roomId === roomId ? members.list : null;
}
