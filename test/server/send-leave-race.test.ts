import { describe, expect, it } from 'vitest';
import { connect, next, request, sleep } from './helpers.js';
import { people } from './message-helpers.js';
import { storeLobby } from './store-lobby.js';

const none = { names: [], room: false };

/** A real store with a room made by `owner` that `carol` has joined. */
async function lobby() {
  const { store, users, roomId } = await storeLobby(['owner', 'carol']);
  const [owner, carol] = users.map((user) => ({ user }));
  if (!owner || !carol) throw new Error('registration failed');
  return { store, owner, carol, roomId };
}

/**
 * A send checks the socket's channel, then writes in the next group commit; a leave commits at
 * once. The write checks membership again in its own transaction, so a message is never stored
 * (nor broadcast) in a room its author had already left.
 */
describe('a send racing its author leaving', () => {
  it('is refused by the store once the author is no longer a member', async () => {
    const { store, carol, roomId } = await lobby();
    const send = (clientId: string) =>
      store.appendMessage({
        roomId,
        authorId: carol.user.id,
        text: clientId,
        clientId,
        createdAt: Date.now(),
        mentions: none,
      });
    expect(await send('inside')).toMatchObject({ created: true });
    // Queued before the leave commits, written after it: the write's own check refuses it.
    const late = send('outside');
    expect((await store.removeMember(roomId, carol.user.id)).status).not.toBe('not_member');
    expect(await late).toEqual({ refused: 'not_member' });
    const { messages } = await store.history(roomId, { limit: 10 });
    expect(messages.map((m) => m.text)).toEqual(['inside']);
    await store.close();
  });

  it('is refused for an edit or a reaction once the user is no longer a member', async () => {
    const { store, owner, carol, roomId } = await lobby();
    const hers = await store.appendMessage({
      roomId,
      authorId: carol.user.id,
      text: 'mine',
      clientId: 'mine',
      createdAt: Date.now(),
      mentions: none,
    });
    const his = await store.appendMessage({
      roomId,
      authorId: owner.user.id,
      text: 'his',
      clientId: 'his',
      createdAt: Date.now(),
      mentions: none,
    });
    if (!('message' in hers) || !('message' in his)) throw new Error('not stored');
    const react = () =>
      store.react({
        messageId: his.message.id,
        userId: carol.user.id,
        emoji: '👍',
        on: true,
        now: Date.now(),
      });
    const edit = () =>
      store.editMessage({ messageId: hers.message.id, text: 'edited', mentions: none, now: 1 });
    // Both queued before the leave commits and written after it.
    const [reacted, edited] = [react(), edit()];
    await store.removeMember(roomId, carol.user.id);
    expect(await reacted).toEqual({ refused: 'not_member' });
    expect(await edited).toBe('not_member');
    const after = await store.history(roomId, { limit: 10 });
    expect(after.messages.map((m) => [m.text, m.reactions ?? []])).toEqual([
      ['mine', []],
      ['his', []],
    ]);
    await store.close();
  });

  it('never shows the room a message from someone after they left it', async () => {
    const {
      url,
      people: [dave, carol],
    } = await people(['dave', 'carol']);
    // Her second socket: its frames come in as their own reads, so that the leave can run after
    // the send's check and before its write (same poll phase, before the commit's setImmediate).
    const carolThere = await connect(url, carol.pair.token);
    const made = await request(dave.socket, 'room:create', { name: 'race', kind: 'public' });
    const roomId = made.room.id as number;
    const outcomes = { stored: 0, refused: 0 };
    for (let round = 0; round < 20; round++) {
      // Her joining updates the room too: dave has seen that before the round starts.
      const joined = next(dave.socket, 'room:updated');
      expect((await request(carol.socket, 'room:join', { roomId })).ok).toBe(true);
      await joined;
      // What dave sees, in order: carol's messages and the room's updates (her leaving is one).
      const seen: string[] = [];
      const onMessage = (m: { roomId: number; author: { id: number } }) => {
        if (m.roomId === roomId && m.author.id === carol.id) seen.push('message');
      };
      const onUpdated = ({ room }: { room: { id: number } }) => {
        if (room.id === roomId) seen.push('updated');
      };
      dave.socket.on('message', onMessage);
      dave.socket.on('room:updated', onUpdated);
      const text = `round ${round}`;
      // Sent back to back, so that the server reads both in one poll of the event loop.
      const [sent, left] = await Promise.all([
        request(carolThere, 'message:send', { roomId, clientId: `r${round}`, text }),
        request(carol.socket, 'room:leave', { roomId }),
      ]);
      expect(left).toEqual({ ok: true });
      await sleep(30); // past any batch window
      dave.socket.off('message', onMessage);
      dave.socket.off('room:updated', onUpdated);
      const history = await request(dave.socket, 'message:history', { roomId });
      const stored = (history.messages as Array<{ text: string }>).some((m) => m.text === text);
      if (sent.ok) {
        outcomes.stored++;
        expect(stored).toBe(true);
        // Delivered before the update that says she left, never after it.
        expect(seen).toEqual(['message', 'updated']);
      } else {
        outcomes.refused++;
        expect(sent.error.code).toBe('not_member');
        expect(stored).toBe(false);
        expect(seen).toEqual(['updated']);
      }
    }
    expect(outcomes.stored + outcomes.refused).toBe(20);
  });
});
