import { describe, expect, it } from 'vitest';
import { connect, request, sleep, type Client } from './helpers.js';
import { people } from './message-helpers.js';
import {
  batched,
  burst,
  connectBatch,
  count,
  deliveredIds,
  record,
  untilExercised,
  until,
  type Seen,
} from './message-batch-log.js';

let rooms = 0;
/** A new public room made by `creator` and joined by `others` (all their sockets). */
async function publicRoom(
  creator: Client,
  others: Client[],
): Promise<{ id: number; name: string }> {
  const name = `busy-${++rooms}`;
  const created = await request(creator, 'room:create', { name, kind: 'public' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  for (const other of others)
    expect((await request(other, 'room:join', { roomId: created.room.id })).ok).toBe(true);
  return { id: created.room.id as number, name };
}

/** Index of the event in the log that delivered the message, or -1. */
const deliveredAt = (log: Seen[], id: number) =>
  log.findIndex(
    (s) => (s.event === 'message' || s.event === 'messages') && s.messages.some((m) => m.id === id),
  );

/**
 * Who gets a held message: the sockets in the room when it was written, as when nothing is held
 * (RoomBatches.flushRoom before every channel change). Each test sends a burst, waits for its
 * acks (every message is written and handed to delivery), then changes the room's members at
 * once, while the burst's tail is most likely still held for its batch.
 */
describe('held messages and membership changes', () => {
  it('never gives a socket that joins the room the messages held from before it joined', async () => {
    const {
      url,
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const room = await publicRoom(alice.socket, [bob.socket]);
    const watcher = record(await connectBatch(url, bob.pair.token)); // shows what was held
    const newcomer = record(carol.socket);
    await untilExercised(async () => {
      await sleep(30);
      watcher.length = 0;
      newcomer.length = 0;
      const early = await burst(alice.socket, 20, { roomId: room.id });
      const sentAt = watcher.length;
      expect((await request(carol.socket, 'room:join', { roomId: room.id })).ok).toBe(true);
      const late = await burst(alice.socket, 3, { roomId: room.id });
      await until(() => deliveredIds(watcher).length === early.length + late.length);
      await until(() => deliveredIds(newcomer).length >= late.length);
      await sleep(30); // a held message would follow within a window
      // Only what was written after the join: her unread counts already hold the rest.
      expect(deliveredIds(newcomer)).toEqual(late);
      const last = early.at(-1) as number;
      const exercised = batched(watcher, last) && deliveredAt(watcher, last) >= sentAt;
      expect((await request(carol.socket, 'room:leave', { roomId: room.id })).ok).toBe(true);
      return exercised;
    });
  });

  for (const [change, reason] of [
    ['leaves on another socket', undefined],
    ['is removed by an admin', 'removed'],
    ['sees the room deleted', 'deleted'],
  ] as const) {
    it(`gives a member who ${change} the messages held for the room, then room:left`, async () => {
      const {
        url,
        people: [alice, bob],
      } = await people(['alice', 'bob']);
      const batchSocket = await connectBatch(url, bob.pair.token);
      const other = await connect(url, bob.pair.token); // a socket without batches
      const logs = [record(batchSocket), record(other)];
      await untilExercised(async () => {
        const room = await publicRoom(alice.socket, [bob.socket]);
        await sleep(30);
        for (const log of logs) log.length = 0;
        const ids = await burst(alice.socket, 20, { roomId: room.id });
        const sentAt = logs[0]?.length ?? 0;
        const changed =
          reason === undefined
            ? await request(bob.socket, 'room:leave', { roomId: room.id })
            : reason === 'removed'
              ? await request(alice.socket, 'room:remove-member', {
                  roomId: room.id,
                  userId: bob.id,
                })
              : await request(alice.socket, 'room:delete', { roomId: room.id, name: room.name });
        expect(changed.ok).toBe(true);
        await until(() => logs.every((log) => count(log, 'room:left') === 1));
        await sleep(30); // a held message would follow within a window
        for (const log of logs) {
          const left = log.findIndex((seen) => seen.event === 'room:left');
          expect(deliveredIds(log.slice(0, left))).toEqual(ids);
          expect(log.length).toBe(left + 1);
        }
        const [held] = logs as [Seen[]];
        const last = ids.at(-1) as number;
        return batched(held, last) && deliveredAt(held, last) >= sentAt;
      });
    });
  }
});

describe('sockets without batches', () => {
  it('never get a messages batch, whatever else the handshake says', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    const token = bob.pair.token;
    const taker = record(await connectBatch(url, token));
    const others = [
      record(bob.socket), // no flag
      record(await connect(url, token, { auth: { token, batch: 'true' } })),
      record(await connect(url, token, { auth: { token, batch: 1 } })),
      record(await connect(url, token, { auth: { token, batch: {} } })),
    ];
    await untilExercised(async () => {
      await sleep(30);
      for (const log of [taker, ...others]) log.length = 0;
      const ids = await burst(alice.socket, 30);
      await until(() => [taker, ...others].every((log) => deliveredIds(log).length >= ids.length));
      await sleep(30);
      for (const log of others) {
        expect(deliveredIds(log)).toEqual(ids);
        expect(log.every((seen) => seen.event === 'message')).toBe(true);
      }
      expect(deliveredIds(taker)).toEqual(ids);
      return count(taker, 'messages') > 0; // the burst was coalesced for the socket that asked
    });
  });
});
