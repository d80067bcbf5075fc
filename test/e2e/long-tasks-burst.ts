import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createChatServer } from '../../server/create-chat-server';
import { silentLogger } from '../../server/logger';

/** The burst (issue 16): 400 messages a second for 5 s into #general, from 4 people. */
export const BURST = { perSecond: 400, seconds: 5, senders: 4 } as const;

const PASSWORD = 'correct horse';
const WORDS = (
  'the build is green again after the flaky upload test was fixed can someone review the ' +
  'release notes before lunch and check that the staging server picked up the new config'
).split(' ');

/** A message of 4 to 30 words, now and then with a link or some code, as a busy room has. */
export function burstText(i: number): string {
  const words = Array.from(
    { length: 4 + ((i * 7919) % 27) },
    (_, k) => WORDS[(i + k * 13) % WORDS.length],
  );
  const extra = i % 11 === 0 ? ' https://example.org/runs/' + i : i % 17 === 0 ? ' `npm ci`' : '';
  return `${words.join(' ')}${extra} [${i}]`;
}

/**
 * A real server on a free port serving the built web client, with a message rate that lets 4
 * people send 100 messages a second each. `batchWindowMs` 0: every message is its own event.
 */
export async function burstServer(batchWindowMs?: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-longtasks-'));
  const server = createChatServer({
    dataDir,
    name: 'Burst',
    webRoot: resolve('dist/renderer'),
    logger: silentLogger,
    registerRate: { max: 10_000, windowMs: 60_000 },
    hashRate: { max: 10_000, windowMs: 60_000 },
    messageRate: { perSecond: 1000, burst: 1000 },
    ...(batchWindowMs === undefined ? {} : { batchWindowMs }),
  });
  const { port } = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const dispose = async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dispose };
}

/** Registers `username` and opens a real socket for them (`batch`: takes `messages` batches). */
export async function senderSocket(url: string, username: string, batch = false): Promise<Socket> {
  const answer = await fetch(`${url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (answer.status !== 201) throw new Error(`register ${username}: ${await answer.text()}`);
  const { token } = (await answer.json()) as { token: string };
  const socket = io(url, { auth: { token, batch }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((ok, fail) => {
    socket.once('connect', ok);
    socket.once('connect_error', fail);
  });
  return socket;
}

type Ack = { ok: boolean; error?: { code: string } };

/**
 * Sends BURST.perSecond messages a second for BURST.seconds, round-robin over `senders`, on a
 * schedule that catches up when a timer fires late; resolves once every one is acknowledged.
 */
export async function sendBurst(senders: Socket[]): Promise<{ sent: number; refused: number }> {
  const total = BURST.perSecond * BURST.seconds;
  const acks: Promise<Ack>[] = [];
  const start = performance.now();
  while (acks.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * BURST.perSecond) / 1000));
    for (let i = acks.length; i < due; i++) {
      const socket = senders[i % senders.length];
      if (!socket) throw new Error('no senders');
      const payload = { roomId: 1, text: burstText(i + 1), clientId: `burst-${i + 1}` };
      acks.push(socket.timeout(30_000).emitWithAck('message:send', payload) as Promise<Ack>);
    }
    await new Promise((wake) => setTimeout(wake, 5));
  }
  const answers = await Promise.all(acks);
  return { sent: total, refused: answers.filter((a) => !a.ok).length };
}
