import { useMemo, useRef } from 'react';
import type { Message, User, UserRef } from '../../../server/protocol';
import type { ActionResult, ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import type { NameLabels } from '../lib/names';
import { useComposerIds } from './dom-ids';

/**
 * What every message row needs from the list around it, passed as one object instead of eight
 * props through every row component.
 */
export interface RowActions {
  client: ChatClient;
  roomId: number;
  me: User;
  labels: NameLabels;
  /** A person's name by id, as the room shows it; "You" for me, undefined when not known here. */
  nameOf(userId: number): string | undefined;
  /** A loaded message of this room, for quoting a pending reply. */
  findMessage(messageId: number): Message | undefined;
  /** Starts (id) or ends (null) editing a message in place. */
  onEdit(messageId: number | null): void;
  /** Answers the message from the room's composer. */
  onReply(message: Message): void;
  /** Scrolls to a message (loading older history if need be) and highlights it. */
  onJump(messageId: number): void;
  /** A person in view by id (for their username), undefined when not known here. */
  userOf(userId: number): UserRef | undefined;
  /** Rows in the thread panel: no "Reply in thread" and no thread summary there. */
  inThread?: boolean;
  /** The text box that gets the focus back when editing ends: the room's or the thread's. */
  composerId: string;
  /**
   * The room is archived: no toolbar (edit, delete, react, reply), no editor, and reaction
   * pills that cannot be pressed, in the room's list and in its thread panel alike.
   */
  readOnly: boolean;
}

/** An action's answer as a line to show: undefined when it went through. */
export async function failure(result: Promise<ActionResult>): Promise<string | undefined> {
  const answer = await result;
  return answer.ok ? undefined : answer.error.message;
}

/**
 * "You", "Alice and Bob", "Alice, Bob and 3 others": who reacted, for a tooltip. `more` counts
 * people not among `ids` (the server lists only the first hundred who reacted).
 */
export function joinNames(ids: readonly number[], nameOf: RowActions['nameOf'], more = 0): string {
  const known: string[] = [];
  let unknown = Math.max(0, more);
  for (const id of ids) {
    const name = nameOf(id);
    if (name) known.push(name);
    else unknown += 1;
  }
  // Names of people not in view are not known here; they are counted instead.
  if (unknown === 1) known.push('someone');
  else if (unknown > 1) known.push(`${unknown} others`);
  if (known.length <= 1) return known[0] ?? 'someone';
  return `${known.slice(0, -1).join(', ')} and ${known[known.length - 1]}`;
}

/** The people a room shows, by id, for naming who reacted. */
export function peopleById(people: Iterable<UserRef>): Map<number, UserRef> {
  const byId = new Map<number, UserRef>();
  for (const person of people) byId.set(person.id, person);
  return byId;
}

/**
 * The RowActions of a room's list. Kept the same object while nothing it names changes, so
 * that rows are not handed a new one on every render.
 */
export function useRowActions(props: {
  client: ChatClient;
  room: RoomState;
  me: User;
  labels: NameLabels;
  onEdit: (messageId: number | null) => void;
  onReply: (message: Message) => void;
  onJump: (messageId: number) => void | Promise<void>;
  /** In the thread panel: the thread's messages (root first), which its rows quote and name. */
  thread?: readonly Message[];
}): RowActions {
  const { client, room, me, labels, onEdit, onReply, thread } = props;
  const composers = useComposerIds();
  // The jump function is new on every render; the latest one is called through this.
  const jump = useRef(props.onJump);
  jump.current = props.onJump;
  // Who reacted is named from everyone the room shows: online, listed members, authors.
  const people = useMemo(
    () =>
      peopleById([
        me,
        ...room.online,
        ...(room.room.members ?? []),
        ...room.messages.map((m) => m.author),
        ...(thread ?? []).map((m) => m.author),
      ]),
    [me, room.online, room.room.members, room.messages, thread],
  );
  const messages = thread ?? room.messages;
  const readOnly = room.room.archived === true;
  return useMemo<RowActions>(
    () => ({
      client,
      roomId: room.room.id,
      me,
      labels,
      nameOf: (id) => {
        if (id === me.id) return 'You';
        const person = people.get(id);
        return person && labels.label(person);
      },
      findMessage: (id) => messages.find((m) => m.id === id),
      onEdit,
      onReply,
      onJump: (id) => void jump.current(id),
      userOf: (id) => people.get(id),
      inThread: thread !== undefined,
      composerId: thread ? composers.thread : composers.room,
      readOnly,
    }),
    [
      client,
      room.room.id,
      messages,
      me,
      labels,
      people,
      onEdit,
      onReply,
      thread,
      readOnly,
      composers,
    ],
  );
}
