import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { connect, register, sleep, startServer, tempDir } from './helpers.js';
import { people, send } from './message-helpers.js';
import { connectBatch, count, deliveredIds, record, until } from './message-batch-log.js';

const BURST = 30;
const texts = Array.from({ length: BURST }, (_, i) => `burst ${i}`);

describe('batchWindowMs', () => {
  it('0 never coalesces: a batch socket gets every message as its own event', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'], { batchWindowMs: 0 });
    const batch = record(await connectBatch(url, bob.pair.token));
    const sent = await Promise.all(texts.map((text) => send(alice.socket, text)));
    await until(() => deliveredIds(batch).length >= BURST);
    await sleep(50);
    expect(deliveredIds(batch)).toEqual(sent.map((m) => m.id).sort((a, b) => a - b));
    expect(count(batch, 'messages')).toBe(0);
  });

  it('must be an integer from 0 to 10, checked at start-up', () => {
    for (const bad of [-1, 11, 2.5, '5', null]) {
      const dataDir = join(tempDir(), 'data');
      expect(() =>
        createChatServer({ dataDir, batchWindowMs: bad as never, logger: silentLogger }),
      ).toThrow(/"batchWindowMs" must be an integer from 0 to 10/);
    }
  });
});

describe('the batch flag', () => {
  it('is honoured by the unsafe benchmark identity too', async () => {
    const { url } = await startServer({
      unsafeSkipAuthForBenchmarks: true,
      scryptCost: 1024,
      messageRate: { perSecond: 1000, burst: 1000 },
    });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const sender = await connect(url, alice.token, { auth: { userId: alice.user.id } });
    const batch = record(await connect(url, '', { auth: { userId: bob.user.id, batch: true } }));
    const sent = await Promise.all(texts.map((text) => send(sender, text)));
    await until(() => deliveredIds(batch).length >= BURST);
    expect(deliveredIds(batch)).toEqual(sent.map((m) => m.id).sort((a, b) => a - b));
    expect(count(batch, 'messages')).toBeGreaterThan(0);
  });
});
