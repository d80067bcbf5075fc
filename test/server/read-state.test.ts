import { describe, expect, it } from 'vitest';
import type { ReadState, RoomListing } from '../../server/protocol.js';
import { connect, next, register, request, type Client } from './helpers.js';
import { GENERAL, people, send } from './message-helpers.js';

/** The user's read state in a room, as a fresh `rooms:list` shows it. */
async function readOf(socket: Client, roomId = GENERAL): Promise<ReadState | undefined> {
  const page = await request(socket, 'rooms:list', { joined: true });
  return page.rooms.find((r: RoomListing) => r.id === roomId)?.read;
}
const markRead = (socket: Client, messageId: number, roomId = GENERAL) =>
  request(socket, 'room:read', { roomId, messageId });

describe('read state', () => {
  it('gives a fresh sign-in its unread and mention counts without any history', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    await send(alice.socket, 'one');
    await send(alice.socket, 'hey @bob');
    const last = await send(alice.socket, 'all of you @room');
    const fresh = await connect(url, bob.pair.token);
    expect(await readOf(fresh)).toEqual({
      lastReadId: 0,
      unread: 3,
      mentions: 2,
      notify: 'mentions',
    });
    // Writing in a room reads it, as in Slack; Alice's own messages are never unread to her.
    const mine = await send(bob.socket, 'my own message');
    expect(await readOf(fresh)).toEqual({
      lastReadId: mine.id,
      unread: 0,
      mentions: 0,
      notify: 'mentions',
    });
    expect(await readOf(alice.socket)).toEqual({
      lastReadId: last.id,
      unread: 1,
      mentions: 0,
      notify: 'mentions',
    });
  });

  it('starts a new member at the newest message: old messages and @room are not news', async () => {
    const {
      url,
      people: [alice],
    } = await people(['alice']);
    await send(alice.socket, 'before you came, @room');
    const last = await send(alice.socket, 'and this');
    const carol = await register(url, 'carol');
    const c = await connect(url, carol.token);
    expect(await readOf(c)).toEqual({
      lastReadId: last.id,
      unread: 0,
      mentions: 0,
      notify: 'mentions',
    });
    await send(alice.socket, 'welcome @carol');
    expect(await readOf(c)).toMatchObject({ unread: 1, mentions: 1 });
  });

  it('moves forward only, never past the newest, and clears every other device at once', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const [m1, m2, m3] = [
      await send(alice.socket, '1'),
      await send(alice.socket, '2 @bob'),
      await send(alice.socket, '3'),
    ];
    const phone = await connect(url, bob.pair.token);
    const toPhone = next<{ roomId: number; read: ReadState }>(phone, 'read:updated');
    const first = await markRead(bob.socket, m2.id);
    expect(first.read).toEqual({ lastReadId: m2.id, unread: 1, mentions: 0, notify: 'mentions' });
    expect(await toPhone).toEqual({ roomId: GENERAL, read: first.read });
    expect((await markRead(bob.socket, m1.id)).read.lastReadId).toBe(m2.id);
    const cleared = next<{ read: ReadState }>(phone, 'read:updated');
    const all = await markRead(bob.socket, m3.id + 1000);
    expect(all.read).toEqual({ lastReadId: m3.id, unread: 0, mentions: 0, notify: 'mentions' });
    expect((await cleared).read).toEqual(all.read);
    expect(await readOf(phone)).toEqual(all.read);
    // Only Bob moved: Alice's position is her own (her newest message, which she wrote).
    expect((await readOf(alice.socket))?.lastReadId).toBe(m3.id);
    const aliceReads = next<{ read: ReadState }>(alice.socket, 'read:updated', () => true, 500);
    await markRead(bob.socket, m3.id);
    await expect(aliceReads).rejects.toThrow(/no read:updated/);
  });

  it('counts a thread reply only when it mentions, and never a deleted message', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const root = await send(alice.socket, 'root');
    await markRead(bob.socket, root.id);
    await send(alice.socket, 'quietly in the thread', { threadId: root.id });
    expect(await readOf(bob.socket)).toMatchObject({ unread: 0, mentions: 0 });
    const pinged = await send(alice.socket, 'in the thread, @bob', { threadId: root.id });
    expect(await readOf(bob.socket)).toMatchObject({ unread: 0, mentions: 1 });
    await send(alice.socket, 'also in the room', { threadId: root.id, alsoToRoom: true });
    expect(await readOf(bob.socket)).toMatchObject({ unread: 1, mentions: 1 });

    const gone = await send(alice.socket, 'oops @bob');
    expect(await readOf(bob.socket)).toMatchObject({ unread: 2, mentions: 2 });
    await request(alice.socket, 'message:delete', { messageId: gone.id });
    await request(alice.socket, 'message:delete', { messageId: pinged.id });
    expect(await readOf(bob.socket)).toMatchObject({ unread: 1, mentions: 0 });
  });

  it('keeps the notification level on the server: direct rooms all, others mentions', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    // Both spellings: `usernames` (group conversations) is replacing `username`; unknown keys
    // are dropped, so this opens the conversation with either.
    const open = { username: 'bob', usernames: ['bob'] };
    const dm = (await request(alice.socket, 'dm:open', open)).room;
    expect((await readOf(bob.socket, dm.id))?.notify).toBe('all');
    expect((await readOf(bob.socket))?.notify).toBe('mentions');
    const laptop = await connect(url, bob.pair.token);
    const told = next<{ roomId: number; read: ReadState }>(laptop, 'read:updated');
    const muted = await request(bob.socket, 'room:notify', { roomId: GENERAL, level: 'none' });
    expect(muted.read).toMatchObject({ notify: 'none', lastReadId: 0 });
    expect(await told).toEqual({ roomId: GENERAL, read: muted.read });
    const tablet = await connect(url, bob.pair.token);
    expect((await readOf(tablet))?.notify).toBe('none');
    expect((await readOf(alice.socket))?.notify).toBe('mentions');
    const loud = await request(bob.socket, 'room:notify', { roomId: dm.id, level: 'mentions' });
    expect(loud.read.notify).toBe('mentions');
    expect((await readOf(tablet, dm.id))?.notify).toBe('mentions');
    const bad = await request(bob.socket, 'room:notify', { roomId: GENERAL, level: 'loud' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('answers not_member for a room the user is not in', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const secret = (await request(alice.socket, 'room:create', { name: 'secret', kind: 'private' }))
      .room;
    const hidden = await send(alice.socket, 'hidden', { roomId: secret.id });
    expect((await markRead(bob.socket, hidden.id, secret.id)).error.code).toBe('not_member');
    const notify = await request(bob.socket, 'room:notify', { roomId: secret.id, level: 'all' });
    expect(notify.error.code).toBe('not_member');
    expect((await markRead(bob.socket, -1)).error.code).toBe('invalid_payload');
  });
});
