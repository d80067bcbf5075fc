import { describe, expect, it } from 'vitest';
import { request, sleep } from './helpers.js';
import { people, send } from './message-helpers.js';
import { connectBatch, count, deliveredIds, record, until } from './message-batch-log.js';

const BURST = 50;

/** Alice, and Bob and Carol listening: Bob on a socket that takes batches, Carol on one that does not. */
async function room() {
  const {
    url,
    people: [alice, bob, carol],
  } = await people(['alice', 'bob', 'carol']);
  const batch = await connectBatch(url, bob.pair.token);
  return { alice, batch: record(batch), single: record(carol.socket) };
}

/** Alice sends `texts` all at once; resolves with the acknowledged ids, in id order. */
async function burst(socket: Parameters<typeof send>[0], texts: string[]): Promise<number[]> {
  const sent = await Promise.all(texts.map((text) => send(socket, text)));
  return sent.map((m) => m.id).sort((a, b) => a - b);
}

describe('coalesced delivery', () => {
  it('gives a batch socket a burst in fewer frames, every message once and in order', async () => {
    const { alice, batch, single } = await room();
    const ids = await burst(
      alice.socket,
      Array.from({ length: BURST }, (_, i) => `burst ${i}`),
    );
    await until(() => deliveredIds(batch).length >= BURST && deliveredIds(single).length >= BURST);
    await sleep(50); // nothing more (no duplicate) may follow
    expect(deliveredIds(batch)).toEqual(ids);
    expect(count(batch, 'messages')).toBeGreaterThan(0);
    expect(batch.length).toBeLessThan(BURST);
    // The socket that did not ask keeps getting one `message` per message, in order.
    expect(deliveredIds(single)).toEqual(ids);
    expect(single.every((seen) => seen.event === 'message')).toBe(true);
  });

  it('delivers a lone message of an idle room as a single message', async () => {
    const { alice, batch } = await room();
    const first = await send(alice.socket, 'hello');
    await until(() => batch.length === 1);
    await sleep(30); // the room is idle again
    const second = await send(alice.socket, 'anyone?');
    await until(() => batch.length === 2);
    expect(batch.map((seen) => seen.event)).toEqual(['message', 'message']);
    expect(deliveredIds(batch)).toEqual([first.id, second.id]);
  });

  it('never lets a thread root update overtake the reply waiting in a batch', async () => {
    const { alice, batch, single } = await room();
    const root = await send(alice.socket, 'thread root');
    await sleep(30);
    const texts = Array.from({ length: 10 }, (_, i) => `busy ${i}`);
    const [, reply] = await Promise.all([
      burst(alice.socket, texts),
      send(alice.socket, 'in the thread', { threadId: root.id }),
    ]);
    const updated = (log: typeof batch) =>
      log.findIndex((s) => s.event === 'message:updated' && s.messages[0]?.id === root.id);
    const delivered = (log: typeof batch) =>
      log.findIndex(
        (s) => s.event !== 'message:updated' && s.messages.some((m) => m.id === reply.id),
      );
    const both = (log: typeof batch) => updated(log) >= 0 && delivered(log) >= 0;
    await until(() => both(batch) && both(single));
    for (const log of [batch, single]) {
      expect(delivered(log)).toBeLessThan(updated(log));
      expect(log[updated(log)]?.messages[0]?.thread?.replyCount).toBe(1);
    }
  });

  it('never lets an edit or a reaction overtake the message waiting in a batch', async () => {
    const { alice, batch, single } = await room();
    const ids = await burst(
      alice.socket,
      Array.from({ length: 10 }, (_, i) => `busy ${i}`),
    );
    const last = ids.at(-1) as number;
    // Straight after the acks: the room still holds the burst's tail back for its batch.
    const [edited, reacted] = await Promise.all([
      request(alice.socket, 'message:edit', { messageId: last, text: 'edited' }),
      request(alice.socket, 'message:react', { messageId: last, emoji: '👍', on: true }),
    ]);
    expect(edited.ok && reacted.ok).toBe(true);
    const firstUpdate = (log: typeof batch) =>
      log.findIndex((s) => s.event === 'message:updated' && s.messages[0]?.id === last);
    const delivered = (log: typeof batch) =>
      log.findIndex((s) => s.event !== 'message:updated' && s.messages.some((m) => m.id === last));
    await until(() => [batch, single].every((log) => firstUpdate(log) >= 0 && delivered(log) >= 0));
    for (const log of [batch, single]) expect(delivered(log)).toBeLessThan(firstUpdate(log));
  });
});
