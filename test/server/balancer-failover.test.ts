import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { startHaproxy } from '../services/haproxy.js';
import { useClusterServices } from '../services/cluster-services.js';
import { CliServer } from '../cli-server.js';
import { clusterScale } from '../services/cluster-scale.js';
import { http, openSocket, register, request, sleep, type Client } from './helpers.js';

const services = useClusterServices();
/** Senders through the balancer: more in `npm run test:cluster`. */
const SENDERS = clusterScale(6, 12);
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** `promise`, or a failure naming `what` after `ms`: a stuck step reports, not hangs. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const connected = (socket: Client, what: string) =>
  within(
    5000,
    what,
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }),
  );

/** Every message of room 1, paged by `after` from the start. */
async function wholeHistory(socket: Client): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = 0; ;) {
    const page = await request<{ messages: Message[] }>(socket, 'message:history', {
      roomId: 1,
      after,
      limit: 100,
    });
    all.push(...page.messages);
    const last = page.messages.at(-1);
    if (!last) return all;
    after = last.id;
  }
}

describe('three CLI nodes behind HAProxy (docs/deploy/haproxy.cfg)', () => {
  it(
    'loses no acknowledged message when a node is killed (-9) in a send storm',
    async () => {
      const database = await services.postgres.createDatabase();
      const jwtSecret = randomUUID() + randomUUID();
      // Each node is the CLI in a process of its own (`npm run server -- --database … --redis …`).
      const args = [
        '--database',
        database,
        '--redis',
        services.redis.url,
        '--trust-proxy',
        'loopback',
      ];
      const nodes: CliServer[] = [];
      for (let i = 0; i < 3; i++) {
        const node = new CliServer(
          [...args, '--no-tls', '--no-advertise', '--log-level', 'warn'],
          undefined,
          {
            PARLEY_JWT_SECRET: jwtSecret,
          },
        );
        stops.push(() => node.dispose());
        await node.start();
        nodes.push(node);
      }
      const balancer = await startHaproxy(
        nodes.map((n) => `127.0.0.1:${n.port}`) as [string, string, string],
      );
      stops.push(balancer.stop);
      // The owner straight to the first node, with the setup code it printed (each node keeps
      // its own until an owner exists in the shared database).
      const setupCode = /Setup code for the owner account[^\n]*\n\s+(\S+)\n/.exec(
        nodes[0]!.output,
      )?.[1];
      const owner = await register(nodes[0]!.url, 'own', { setupCode });
      // Six senders through the balancer, reconnecting through it when their node dies.
      const senders: Client[] = [];
      for (let i = 0; i < SENDERS; i++) {
        const { token } = i === 0 ? owner : await register(balancer.url, `user${i}`);
        const socket = openSocket(balancer.url, {
          auth: { token },
          reconnection: true,
          reconnectionDelay: 100,
          reconnectionDelayMax: 500,
        });
        await connected(socket, `sender ${i} connects`);
        senders.push(socket);
      }
      const acked = new Map<string, number>();
      let stop = false;
      let killed = false;
      // Senders whose node died under them, and senders acknowledged after the kill.
      const cut = new Set<number>();
      const afterKill = new Set<number>();
      senders.forEach((socket, s) => socket.on('disconnect', () => killed && cut.add(s)));
      // Each sender sends in a loop; a send that gets no answer is sent again with the same
      // clientId (stored once) until it is acknowledged.
      const storm = senders.map(async (socket, s) => {
        for (let n = 0; !stop; n++) {
          const clientId = `s${s}-${n}`;
          // Once stopped, a send still unanswered is given up (it counts as never acknowledged).
          for (let tries = 0; !stop || tries < 20; tries++) {
            const ack = await request<{ ok: boolean; message?: Message }>(
              socket,
              'message:send',
              { roomId: 1, text: clientId, clientId },
              2000,
            ).catch(() => undefined);
            if (ack?.ok && ack.message) {
              acked.set(clientId, ack.message.id);
              if (killed) afterKill.add(s);
              break;
            }
            await sleep(100);
          }
        }
      });
      await sleep(clusterScale(1500, 15_000));
      const victim = nodes[1]!;
      const before = acked.size;
      killed = true;
      await victim.kill();
      await sleep(clusterScale(3000, 20_000));
      stop = true;
      await within(15_000, 'the storm ends', Promise.all(storm));
      // Sends went on after the kill, through the other nodes.
      expect(acked.size).toBeGreaterThan(before + 20);
      const reader = openSocket(balancer.url, { auth: { token: owner.token } });
      await connected(reader, 'the reader connects');
      const history = await within(10_000, 'history', wholeHistory(reader));
      const byText = new Map<string, number[]>();
      for (const m of history) byText.set(m.text, [...(byText.get(m.text) ?? []), m.id]);
      const lost = [...acked].filter(([text, id]) => byText.get(text)?.[0] !== id);
      const twice = [...byText].filter(([, ids]) => ids.length > 1);
      expect({ lost: lost.length, twice: twice.length }).toEqual({ lost: 0, twice: 0 });
      // The storm was real: the kill cut some senders off, and every sender, those included, went
      // on through the nodes left.
      expect(acked.size).toBeGreaterThan(100);
      expect(cut.size).toBeGreaterThan(0);
      expect(afterKill.size).toBe(senders.length);
      expect((await http(balancer.url, '/readyz')).status).toBe(200);
    },
    clusterScale(120_000, 300_000),
  );
});
