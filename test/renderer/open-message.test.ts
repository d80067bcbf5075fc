import { describe, expect, it } from 'vitest';
import { NOT_IN_ROOM, openMessage } from '../../renderer/src/lib/open-message.js';
import { connect, register, request, startServer } from '../server/helpers.js';
import { signedInClient } from './client-helpers.js';

/**
 * Opening the message a link names, with a real ChatClient against a real server: far back in
 * #general, a reply kept in its thread, and the refusals (a room not one's own, a message that
 * is not in the room). Each is asked for as the client starts, before its rooms are listed, as
 * the link that started the app is.
 */
async function setUp() {
  const { url } = await startServer({ messageRate: { perSecond: 10_000, burst: 10_000 } });
  const bob = await connect(url, (await register(url, 'bob')).token);
  let n = 0;
  const say = async (roomId: number, text: string, extra: object = {}): Promise<number> =>
    (await request(bob, 'message:send', { roomId, text, clientId: `c${++n}`, ...extra })).message
      .id;
  const alice = (await signedInClient(url, 'alice')).client;
  return { bob, say, alice };
}

const idsOf = (messages: Array<{ id: number }> | undefined) => (messages ?? []).map((m) => m.id);

describe('opening a linked message', () => {
  it('opens #general at a message far back, with context, asked before the rooms are listed', async () => {
    const { say, alice } = await setUp();
    const ids: number[] = [];
    for (let i = 1; i <= 150; i++) ids.push(await say(1, `m${i}`));
    alice.start();
    const opening = openMessage(alice, 1, ids[19] ?? 0);
    expect(alice.getState().listed).toBeUndefined();
    expect(await opening).toBeUndefined();

    const state = alice.getState();
    expect(state.activeRoomId).toBe(1);
    expect(state.rooms[1]?.focus).toEqual({ id: ids[19] });
    expect(idsOf(state.rooms[1]?.messages)).toEqual(expect.arrayContaining(ids.slice(18, 21)));
    expect(idsOf(state.rooms[1]?.messages)).not.toContain(ids[149]);
    expect(state.rooms[1]?.hasNewer).toBe(true);
  });

  it('says so for a room not one’s own, one that does not exist, and a message from elsewhere', async () => {
    const { bob, say, alice } = await setUp();
    const { room } = await request(bob, 'room:create', { name: 'secret', kind: 'private' });
    const hidden = await say(room.id, 'not for alice');
    alice.start();
    expect(await openMessage(alice, room.id, hidden)).toBe(NOT_IN_ROOM);
    expect(await openMessage(alice, 9999, hidden)).toBe(NOT_IN_ROOM);
    expect(alice.getState().rooms[room.id]).toBeUndefined();
    // #general is hers, but the message is in the private room: nothing of it is shown.
    expect(await openMessage(alice, 1, hidden)).toMatch(/not in that room/);
    expect(JSON.stringify(alice.getState().rooms)).not.toContain('not for alice');
  });

  it('a reply kept in its thread: the thread opens beside the room, brought to its root', async () => {
    const { say, alice } = await setUp();
    const root = await say(1, 'the root');
    const reply = (n: number) => say(1, `reply ${n}`, { threadId: root, alsoToRoom: false });
    const first = await reply(1);
    // A thread started between the root and the reply: the nearer root, tried first, not its own.
    const decoy = await say(1, 'a decoy thread');
    await say(1, 'decoy reply', { threadId: decoy });
    const linked = await reply(2);
    for (let i = 1; i <= 120; i++) await say(1, `after ${i}`);
    alice.start();

    expect(await openMessage(alice, 1, linked)).toBeUndefined();
    const state = alice.getState();
    expect(state.thread?.rootId).toBe(root);
    expect(idsOf(state.thread?.messages)).toEqual([first, linked]);
    expect(idsOf(state.rooms[1]?.messages)).not.toContain(linked);
    expect(state.rooms[1]?.focus).toEqual({ id: root });
  });
});
