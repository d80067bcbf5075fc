import type { Message, Profile, UserRef } from '../../../server/protocol';
import type { ChatState, RoomState } from './chat-state';

/**
 * The chat state with one person's name brought up to date everywhere it holds a `UserRef`:
 * authors and quotes of the messages held, who is online and typing, the people of direct
 * conversations, invitations, blocks, the open thread, and `me`. Everything that names people
 * (rows, labels told apart, the announcer, notifications, titles) then shows the current name,
 * as the server keeps only the id. Parts that do not name them are kept as the same objects, so
 * that nothing else re-renders. Returns undefined when nothing held names them differently.
 */
export function withProfile(state: ChatState, profile: Profile): Partial<ChatState> | undefined {
  const fresh: UserRef = {
    id: profile.id,
    username: profile.username,
    displayName: profile.displayName,
  };
  const stale = (user: UserRef | undefined) =>
    user !== undefined &&
    user.id === fresh.id &&
    (user.displayName !== fresh.displayName || user.username !== fresh.username);
  const swap = <T extends UserRef>(user: T): T => (stale(user) ? { ...user, ...fresh } : user);
  const swapAll = <T extends UserRef>(list: T[]): T[] => (list.some(stale) ? list.map(swap) : list);
  const swapMessage = (message: Message): Message => {
    const quote = message.replyTo;
    if (!stale(message.author) && !stale(quote?.author)) return message;
    return {
      ...message,
      author: swap(message.author),
      ...(quote ? { replyTo: { ...quote, author: swap(quote.author) } } : {}),
    };
  };
  const swapMessages = (list: Message[]): Message[] =>
    list.some((m) => stale(m.author) || stale(m.replyTo?.author)) ? list.map(swapMessage) : list;

  const patch: Partial<ChatState> = {};
  if (stale(state.me) || (state.me.id === profile.id && state.me.role !== profile.role))
    patch.me = { ...state.me, ...fresh, role: profile.role };

  let roomsChanged = false;
  const rooms: Record<number, RoomState> = {};
  for (const [key, room] of Object.entries(state.rooms)) {
    const next: RoomState = {
      ...room,
      messages: swapMessages(room.messages),
      online: swapAll(room.online),
      typing: swapAll(room.typing),
      room: room.room.members ? { ...room.room, members: swapAll(room.room.members) } : room.room,
    };
    const same =
      next.messages === room.messages &&
      next.online === room.online &&
      next.typing === room.typing &&
      next.room.members === room.room.members;
    rooms[Number(key)] = same ? room : next;
    roomsChanged ||= !same;
  }
  if (roomsChanged) patch.rooms = rooms;

  if (state.invitations.some((i) => stale(i.inviter)))
    patch.invitations = state.invitations.map((i) => ({ ...i, inviter: swap(i.inviter) }));
  if (state.blocked.some(stale)) patch.blocked = state.blocked.map(swap);
  const thread = state.thread;
  if (thread) {
    const messages = swapMessages(thread.messages);
    const root = thread.root && swapMessage(thread.root);
    if (messages !== thread.messages || root !== thread.root)
      patch.thread = { ...thread, messages, root };
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
