import { describe, expect, it } from 'vitest';
import { WireClient } from '../../bench/lib/wire-client.js';
import { percentile } from '../../bench/lib/stats.js';
import { connect, register, request, sleep, startServer } from '../server/helpers.js';
import { scale } from './scale.js';

describe('slow clients', () => {
  it('drops a frozen receiver with bounded buffers, and the others keep their latency', async () => {
    const { url, server } = await startServer({
      scryptCost: 1024,
      messageRate: { perSecond: 10_000, burst: 10_000 },
      slowClientLimit: { packets: 500, bytes: 512 * 1024 },
    });
    const users = [];
    for (let i = 0; i < 11; i++) users.push(await register(url, `member${i}`));
    const frozenUser = await register(url, 'frozen');
    const sender = await connect(url, users[0]?.token ?? '');
    const readers = await Promise.all(
      users.slice(1).map((u) => WireClient.connect(url, { token: u.token })),
    );
    const frozen = await WireClient.connect(url, { token: frozenUser.token });
    frozen.freeze();

    const latencies: number[] = [];
    for (const reader of readers) {
      reader.onEvent = (frame) => {
        const at = frame.indexOf('"text":"t');
        if (frame.startsWith('42["message"') && at >= 0)
          latencies.push(performance.now() - parseFloat(frame.slice(at + 9)));
      };
    }
    const padding = 'p'.repeat(3900);
    const durationMs = scale(8000, 20_000);
    const socketsAtStart = server.io.of('/').sockets.size;
    let dropped = false;
    const end = performance.now() + durationMs;
    for (let n = 0; performance.now() < end; n += 2) {
      // About 400 messages a second, 4 KB each: the frozen socket's kernel buffers fill in seconds.
      void request(sender, 'message:send', {
        roomId: 1,
        text: `t${performance.now()} ${padding}`,
        clientId: `m${n}`,
      });
      void request(sender, 'message:send', {
        roomId: 1,
        text: `t${performance.now()} ${padding}`,
        clientId: `m${n + 1}`,
      });
      await sleep(5);
      if (server.io.of('/').sockets.size < socketsAtStart) dropped = true;
    }
    await sleep(500);
    expect(dropped).toBe(true);
    expect(server.io.of('/').sockets.size).toBe(socketsAtStart - 1);
    expect(latencies.length).toBeGreaterThan(100);
    // A bound on stalls, not a performance figure (the bench measures those): a server that
    // blocked the others behind the frozen socket, or stalled to drop it, would show seconds. It
    // was 250 ms until one CI run, with the suite's other files on the same 2 cores, gave 640.
    expect(percentile(latencies, 99)).toBeLessThan(1000);
    for (const reader of readers) reader.close();
  }, 180_000);
});
