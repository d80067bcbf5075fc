import type { ChatClient } from './chat-client';

/** Thread roots tried, nearest first, for a reply kept in its thread (see openItsThread). */
const MAX_ROOTS = 3;

/** Said when a link names a room this person is not in; whether it exists is not told. */
export const NOT_IN_ROOM =
  'This message link is to a room you are not in, or one that does not exist any more';

/** Resolves true once the client has listed this person's rooms; false if the session ends. */
function roomsListed(client: ChatClient): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => {
      const { listed, ended } = client.getState();
      if (!listed && !ended) return;
      stop();
      resolve(listed === true);
    };
    const stop = client.subscribe(check);
    check();
  });
}

const holds = (client: ChatClient, roomId: number, messageId: number) =>
  client.getState().rooms[roomId]?.messages.some((m) => m.id === messageId) ?? false;

/**
 * Opens the room at a message that a link names, as a search result does: the room selected, the
 * page of its timeline around the message fetched (`TimelineWindow.openAt`, so there is context
 * on both sides however far back it lies), and the message list brings it into view, highlighted
 * and focused. Waits for the room list first (a link may come as the session starts). Resolves
 * with what to tell the person when it cannot be opened, else undefined.
 */
export async function openMessage(
  client: ChatClient,
  roomId: number,
  messageId: number,
): Promise<string | undefined> {
  if (!(await roomsListed(client))) return undefined; // signed out meanwhile: nothing to open
  if (!client.getState().rooms[roomId]) return NOT_IN_ROOM;
  client.selectRoom(roomId);
  const answer = await client.timeline.openAt(roomId, messageId);
  if (!answer.ok) {
    return answer.error.code === 'not_found'
      ? 'The linked message is not in that room: it may never have existed there'
      : `Could not open the linked message: ${answer.error.message}`;
  }
  if (holds(client, roomId, messageId)) return undefined;
  // Not in the room's timeline: a reply kept in its thread (the page came centred on its root).
  return (await openItsThread(client, roomId, messageId))
    ? undefined
    : 'The linked message is a reply in a thread that could not be found';
}

/**
 * A thread reply that was not also sent to the room: the server centred the page on its root,
 * which is not named. Roots before the reply are tried, nearest first; the one whose thread holds
 * the reply is opened beside the room, and the room brought to the root.
 */
async function openItsThread(client: ChatClient, roomId: number, messageId: number) {
  const roots = (client.getState().rooms[roomId]?.messages ?? [])
    .filter((m) => m.id < messageId && (m.thread?.replyCount ?? 0) > 0)
    .reverse()
    .slice(0, MAX_ROOTS);
  for (const root of roots) {
    await client.openThread(roomId, root.id);
    const thread = client.getState().thread;
    if (thread?.rootId === root.id && thread.messages.some((m) => m.id === messageId)) {
      await client.timeline.openAt(roomId, root.id);
      return true;
    }
  }
  if (roots.length > 0) client.closeThread();
  return false;
}
