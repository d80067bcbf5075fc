import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { connect, request, type Client } from '../server/helpers.js';
import { CliServer } from '../cli-server.js';
import { loginToken, seedUsers } from './seed.js';
import { scale } from './scale.js';

const servers: CliServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.dispose();
});

/** Every message of room 1, oldest first, paged with `after`. */
async function everything(socket: Client): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = 0; ;) {
    const page = await request(socket, 'message:history', { roomId: 1, after, limit: 100 });
    all.push(...page.messages);
    if (!page.hasMore) return all;
    after = all[all.length - 1]?.id ?? after;
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged message, exactly once, across a SIGKILL mid-storm', async () => {
    const server = new CliServer();
    servers.push(server);
    const clientCount = 50;
    const names = Array.from({ length: clientCount }, (_, i) => `storm${i}`);
    await seedUsers(server.dataDir, names);
    await server.start();
    const tokens = await Promise.all(names.map((name) => loginToken(server.url, name)));
    const sockets = await Promise.all(
      tokens.map((token) => connect(server.url, token, { reconnection: false })),
    );

    const acked = new Map<string, number>(); // clientId -> message id
    let sent = 0;
    let stop = false;
    const sender = async (socket: Client, i: number) => {
      for (let n = 0; !stop; n++) {
        const clientId = `s${i}_${n}`;
        sent++;
        try {
          const ack = await request(
            socket,
            'message:send',
            { roomId: 1, text: `storm ${i} ${n}`, clientId },
            2000,
          );
          if (ack.ok) acked.set(clientId, ack.message.id);
        } catch {
          return; // the server died with this send in flight: it was never acknowledged
        }
        await new Promise((resolve) => setTimeout(resolve, 110)); // under 10/s per user
      }
    };
    const storm = sockets.map(sender);
    await new Promise((resolve) => setTimeout(resolve, scale(1500, 5000)));
    await server.kill();
    stop = true;
    await Promise.all(storm);

    await server.start(); // same port, same data dir
    const reader = await connect(server.url, await loginToken(server.url, 'storm0'));
    const found = await everything(reader);
    const byClientId = new Map<string, number>();
    for (const message of found)
      byClientId.set(message.clientId, (byClientId.get(message.clientId) ?? 0) + 1);
    const lost = [...acked.keys()].filter((clientId) => byClientId.get(clientId) !== 1);
    console.log(
      `crash safety: sent ${sent}, acknowledged ${acked.size}, found ${found.length}, lost ${lost.length}`,
    );
    expect(acked.size).toBeGreaterThan(clientCount);
    expect(lost).toEqual([]);
    expect([...byClientId.values()].every((count) => count === 1)).toBe(true);
    for (const [clientId, id] of acked)
      expect(found.find((m) => m.clientId === clientId)?.id).toBe(id);
  }, 180_000);
});
