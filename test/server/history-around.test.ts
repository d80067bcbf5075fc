import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { request, type Client } from './helpers.js';
import { GENERAL, ids, people, send } from './message-helpers.js';

const around = (socket: Client, payload: Record<string, unknown>) =>
  request(socket, 'message:history', { roomId: GENERAL, ...payload });

/** `count` messages in general, oldest first. */
async function timeline(socket: Client, count: number): Promise<Message[]> {
  const sent: Message[] = [];
  for (let i = 0; i < count; i++) sent.push(await send(socket, `message ${i}`));
  return sent;
}

describe('message:history around a message', () => {
  it('centres the page on it, with more both ways', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const sent = await timeline(alice.socket, 30);
    const page = await around(bob.socket, { around: sent[15]?.id, limit: 11 });
    expect(page).toMatchObject({ ok: true, hasMore: true, hasMoreAfter: true });
    expect(ids(page)).toEqual(sent.slice(10, 21).map((m) => m.id));
  });

  it('fills the page from the other side near either end', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const sent = await timeline(alice.socket, 12);
    const early = await around(alice.socket, { around: sent[1]?.id, limit: 6 });
    expect(ids(early)).toEqual(sent.slice(0, 6).map((m) => m.id));
    expect(early).toMatchObject({ hasMore: false, hasMoreAfter: true });
    const late = await around(alice.socket, { around: sent[11]?.id, limit: 6 });
    expect(ids(late)).toEqual(sent.slice(6).map((m) => m.id));
    expect(late).toMatchObject({ hasMore: true, hasMoreAfter: false });
    const whole = await around(alice.socket, { around: sent[5]?.id, limit: 50 });
    expect(whole).toMatchObject({ hasMore: false, hasMoreAfter: false });
    expect(ids(whole)).toEqual(sent.map((m) => m.id));
  });

  it('opens a thread-only reply at its root; a tombstone is a place too', async () => {
    const {
      people: [alice],
    } = await people(['alice']);
    const sent = await timeline(alice.socket, 6);
    const [first, root, third, fourth] = sent;
    const reply = await send(alice.socket, 'in the thread', { threadId: root?.id });
    const page = await around(alice.socket, { around: reply.id, limit: 3 });
    expect(ids(page)).toEqual([first?.id, root?.id, third?.id]);
    await request(alice.socket, 'message:delete', { messageId: third?.id });
    const atTombstone = await around(alice.socket, { around: third?.id, limit: 2 });
    expect(ids(atTombstone)).toEqual([third?.id, fourth?.id]);
  });

  it('is for members, of a message of that room, and alone', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const [message] = await timeline(alice.socket, 1);
    const other = (await request(alice.socket, 'room:create', { name: 'other', kind: 'private' }))
      .room.id;
    const elsewhere = await send(alice.socket, 'elsewhere', { roomId: other });
    expect(await around(bob.socket, { roomId: other, around: elsewhere.id })).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    });
    expect(await around(bob.socket, { around: elsewhere.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await around(bob.socket, { around: 999_999 })).toMatchObject({
      error: { code: 'not_found' },
    });
    for (const extra of [{ before: 5 }, { after: 1 }, { threadId: message?.id }]) {
      expect(await around(bob.socket, { around: message?.id, ...extra })).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
  });
});
