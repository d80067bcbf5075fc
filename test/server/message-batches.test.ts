import { describe, expect, it } from 'vitest';
import { request, sleep } from './helpers.js';
import { people, send } from './message-helpers.js';
import {
  batched,
  burst,
  connectBatch,
  deliveredIds,
  record,
  stream,
  untilExercised,
  until,
  type Seen,
} from './message-batch-log.js';

const BURST = 25;

/**
 * Alice and Dave sending, Bob and Carol listening: Bob on a socket that takes batches, Carol on
 * one that does not. `reset()` waits until the room is idle again and clears both logs.
 */
async function room() {
  const {
    url,
    people: [alice, bob, carol, dave],
  } = await people(['alice', 'bob', 'carol', 'dave']);
  const batch = record(await connectBatch(url, bob.pair.token));
  const single = record(carol.socket);
  const reset = async () => {
    await sleep(30); // longer than any window: the room delivers its next message at once
    batch.length = 0;
    single.length = 0;
  };
  return { alice, dave, batch, single, reset };
}

/** Index of the first event in the log that delivers (`message`/`messages`) the message. */
const deliveredAt = (log: Seen[], id: number) =>
  log.findIndex(
    (s) => (s.event === 'message' || s.event === 'messages') && s.messages.some((m) => m.id === id),
  );
/** Index of the first `message:updated` for the message. */
const updatedAt = (log: Seen[], id: number) =>
  log.findIndex((s) => s.event === 'message:updated' && s.messages[0]?.id === id);

describe('coalesced delivery', () => {
  it('gives a batch socket a burst in fewer frames, every message once and in order', async () => {
    const { alice, dave, batch, single, reset } = await room();
    await untilExercised(async () => {
      await reset();
      // Two senders at once: dense enough that the room is busy even on a loaded box.
      const sent = await Promise.all([burst(alice.socket, BURST), burst(dave.socket, BURST)]);
      const ids = sent.flat().sort((a, b) => a - b);
      await until(() => deliveredIds(batch).length >= ids.length);
      await until(() => deliveredIds(single).length >= ids.length);
      await sleep(50); // nothing more (no duplicate) may follow
      // Whatever the timing: every message once, in id order, on both sockets.
      expect(deliveredIds(batch)).toEqual(ids);
      expect(deliveredIds(single)).toEqual(ids);
      // The socket that did not ask keeps getting one `message` per message.
      expect(single.every((seen) => seen.event === 'message')).toBe(true);
      // A batch carries two messages or more (one held message goes as `message`), so the batch
      // socket saw one frame fewer per message a batch added.
      const batches = batch.filter((seen) => seen.event === 'messages');
      expect(batches.every((seen) => seen.messages.length >= 2)).toBe(true);
      const merged = batches.reduce((n, seen) => n + seen.messages.length - 1, 0);
      expect(batch.length).toBe(ids.length - merged);
      return batches.length > 0; // coalesced: what this test is about
    });
  });

  it('delivers a lone message of an idle room as a single message', async () => {
    const { alice, batch, reset } = await room();
    const first = await send(alice.socket, 'hello');
    await until(() => batch.length === 1);
    await reset();
    const second = await send(alice.socket, 'anyone?');
    await until(() => batch.length === 1);
    expect(batch.map((seen) => seen.event)).toEqual(['message']);
    expect(deliveredIds(batch)).toEqual([second.id]);
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('never lets a thread root update overtake the reply waiting in a batch', async () => {
    const { alice, batch, single, reset } = await room();
    const root = await send(alice.socket, 'thread root');
    let replies = 0;
    await untilExercised(async () => {
      await reset();
      const [, reply] = await Promise.all([
        burst(alice.socket, 10),
        send(alice.socket, 'in the thread', { threadId: root.id }),
      ]);
      replies++;
      const update = (log: Seen[]) =>
        log.findIndex(
          (s) => s.event === 'message:updated' && s.messages[0]?.thread?.replyCount === replies,
        );
      await until(() =>
        [batch, single].every((log) => deliveredAt(log, reply.id) >= 0 && update(log) >= 0),
      );
      for (const log of [batch, single])
        expect(deliveredAt(log, reply.id)).toBeLessThan(update(log));
      // Only a reply that was held back (delivered in a batch) tests the ordering.
      return batched(batch, reply.id);
    });
  });

  // More tries than the others, and the time for them. An attempt counts only if both acks came
  // back within the window that holds the message (10 ms at most). On a loaded CI box that is
  // rarer: 8 tries failed once in 6 fresh-clone runs (2026-12-07).
  it(
    'never lets an edit or a reaction overtake the message waiting in a batch',
    { timeout: 60_000 },
    async () => {
      const { alice, dave, batch, single, reset } = await room();
      await untilExercised(async () => {
        await reset();
        // Dave keeps the room busy (three sends in flight, one commit after another: several a
        // window, so new messages wait for the window) while Alice changes the last of her burst.
        const busy = Promise.all([0, 1, 2].map(() => stream(dave.socket, 15)));
        busy.catch(() => undefined); // awaited below; a failed expect must not leave it unhandled
        await sleep(5);
        const last = (await burst(alice.socket, 10)).at(-1) as number;
        const [edited, reacted] = await Promise.all([
          request(alice.socket, 'message:edit', { messageId: last, text: 'edited' }),
          request(alice.socket, 'message:react', { messageId: last, emoji: '👍', on: true }),
        ]);
        const answered = batch.length; // what the batch socket had seen when both acks came back
        expect(edited.ok && reacted.ok).toBe(true);
        await busy;
        await until(() =>
          [batch, single].every((log) => updatedAt(log, last) >= 0 && deliveredAt(log, last) >= 0),
        );
        for (const log of [batch, single])
          expect(deliveredAt(log, last)).toBeLessThan(updatedAt(log, last));
        // Exercised only if `last` was still held when the changes were made: it came in a batch
        // that reached the batch socket after the changes were acknowledged.
        return batched(batch, last) && deliveredAt(batch, last) >= answered;
      }, 24);
    },
  );
});
