import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { ChatClient } from '../../renderer/src/lib/chat-client.js';
import { Session } from '../../renderer/src/lib/session.js';
import { joinRuns } from '../../renderer/src/lib/timeline-window.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import type { Message } from '../../server/protocol.js';
import { connect, register, request, startServer, type Client } from '../server/helpers.js';
import { until } from './client-helpers.js';

const started: ChatClient[] = [];
afterEach(() => {
  while (started.length > 0) started.pop()?.stop();
});

/**
 * Bob has sent `count` messages to #general before Alice's client starts; her window sees
 * the room only when `visible` says so (to tell what she was shown from what she read).
 */
async function roomWithHistory(count: number) {
  const { url } = await startServer({ messageRate: { perSecond: 10_000, burst: 10_000 } });
  const alicePair = await register(url, 'alice');
  const bobPair = await register(url, 'bob');
  const bob = await connect(url, bobPair.token);
  for (let i = 1; i <= count; i++)
    await request(bob, 'message:send', { roomId: 1, text: `m${i}`, clientId: `c${i}` });
  const view = { visible: false };
  const session = await Session.start(new ApiClient(url), new MemoryTokenStore(), alicePair, false);
  const alice = new ChatClient(session, { isVisible: () => view.visible });
  started.push(alice);
  alice.start();
  await until(alice, (s) => s.connection.kind === 'connected' && s.rooms[1]?.loaded === true);
  return { alice, bob, view, ids: await allIds(bob) };
}

/** Every message id of #general, oldest first, as the server has them. */
async function allIds(bob: Client): Promise<number[]> {
  const ids: number[] = [];
  for (let after = 0; ;) {
    const page = await request(bob, 'message:history', { roomId: 1, after, limit: 100 });
    ids.push(...page.messages.map((m: Message) => m.id));
    if (!page.hasMore) return ids;
    after = ids[ids.length - 1] ?? 0;
  }
}

const roomOf = (alice: ChatClient) => {
  const room = alice.getState().rooms[1];
  if (!room) throw new Error('no #general');
  return room;
};

describe('timeline window', () => {
  it('opens far back, keeps live messages out, reads only what it holds, and joins the live end', async () => {
    const { alice, bob, view, ids } = await roomWithHistory(260);
    const target = ids[19] ?? 0;
    view.visible = true;
    expect(await alice.timeline.openAt(1, target)).toEqual({ ok: true });
    let room = roomOf(alice);
    expect(room.hasNewer).toBe(true);
    expect(room.focus).toEqual({ id: target });
    expect(room.messages.map((m) => m.id)).toContain(target);
    expect(room.messages.map((m) => m.id)).not.toContain(ids[259]);
    // Read up to the window's end only, and the server counts the rest as unread.
    const end = room.messages[room.messages.length - 1]?.id ?? 0;
    await vi.waitFor(() => expect(roomOf(alice).lastReadId).toBe(end));
    const left = ids.filter((id) => id > end).length;
    await vi.waitFor(() => expect(roomOf(alice).unread).toBe(left));

    // A live message while detached: not appended after the window (a gap), counted unread.
    const live = await request(bob, 'message:send', { roomId: 1, text: 'live', clientId: 'lv' });
    await vi.waitFor(() => expect(roomOf(alice).unread).toBe(left + 1));
    expect(roomOf(alice).messages.some((m) => m.text === 'live')).toBe(false);
    expect(roomOf(alice).lastReadId).toBe(end);

    // Scrolling down: newer pages until the newest, then the live one too, with no gap.
    for (let pages = 0; roomOf(alice).hasNewer && pages < 10; pages++)
      await alice.timeline.loadNewer(1);
    room = roomOf(alice);
    expect(room.hasNewer).toBe(false);
    const first = room.messages[0]?.id ?? 0;
    expect(room.messages.map((m) => m.id)).toEqual(
      [...ids, live.message.id].filter((id) => id >= first),
    );
    expect(room.unread).toBe(0);
    await vi.waitFor(() => expect(roomOf(alice).lastReadId).toBe(live.message.id));
    // Attached again: live messages go on the end as before.
    await request(bob, 'message:send', { roomId: 1, text: 'after', clientId: 'af' });
    await until(alice, (s) => s.rooms[1]?.messages.at(-1)?.text === 'after');
  });

  it('a message sent from a detached window takes it back to the latest, where it shows', async () => {
    const { alice, ids } = await roomWithHistory(200);
    expect(await alice.timeline.openAt(1, ids[5] ?? 0)).toEqual({ ok: true });
    expect(roomOf(alice).hasNewer).toBe(true);
    alice.send(1, 'mine');
    const state = await until(
      alice,
      (s) => s.rooms[1]?.hasNewer === false && s.rooms[1]?.messages.at(-1)?.text === 'mine',
    );
    expect(state.rooms[1]?.pending).toEqual([]);
    expect(state.rooms[1]?.messages.map((m) => m.id)).toContain(ids[199]);
  });

  it('a message already held is focused without leaving the live end', async () => {
    const { alice, ids } = await roomWithHistory(30);
    const held = roomOf(alice).messages;
    expect(await alice.timeline.openAt(1, ids[10] ?? 0)).toEqual({ ok: true });
    expect(roomOf(alice).messages).toBe(held);
    expect(roomOf(alice).hasNewer).toBeFalsy();
    expect(roomOf(alice).focus).toEqual({ id: ids[10] });
  });

  it('joins two runs only when their ids overlap', () => {
    const run = (ids: number[], hasOlder: boolean, hasNewer: boolean) => ({
      messages: ids.map((id) => ({ id }) as Message),
      hasOlder,
      hasNewer,
    });
    const joined = joinRuns(run([10, 20, 30], true, false), run([1, 5, 10, 20], false, true));
    expect(joined?.messages.map((m) => m.id)).toEqual([1, 5, 10, 20, 30]);
    expect(joined?.hasOlder).toBe(false);
    expect(joined?.hasNewer).toBe(false);
    expect(joinRuns(run([10, 20], true, false), run([1, 5], true, true))).toBeNull();
    expect(joinRuns(run([], false, false), run([1], false, false))).toBeNull();
  });
});
