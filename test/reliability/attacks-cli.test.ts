import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CliServer } from '../cli-server.js';
import { PollingSession, rawRequest, type RawAnswer } from '../raw-http.js';
import { connect, register, request, sleep } from '../server/helpers.js';
import { scale } from './scale.js';

/**
 * The attacks of the security review, against the compiled CLI as an attacker meets it: after
 * each one the process is still up, /healthz answers, and its memory stayed bounded the whole
 * time (sampled every 50 ms). Before the fixes, attack A queued ~600 MB and then crashed the
 * process with a RangeError; B held gigabytes.
 */
const server = new CliServer(['--name', 'Attacked']);
let baselineRss = 0;
let peakRss = 0;
let sampler: NodeJS.Timeout | undefined;

function rssBytes(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function expectHealthy(): Promise<void> {
  const health = await rawRequest(server.url, '/healthz', {});
  expect(health.status).toBe(200);
  // 200 MB over where the server started: each attack alone used to add 400 MB or more.
  expect(peakRss - baselineRss).toBeLessThan(200 * 1024 * 1024);
}

/**
 * A raw WebSocket to engine.io that stops reading as soon as it is open, or, given a token, as
 * soon as its socket handshake is accepted (events sent before that would close it).
 */
async function frozenSocket(token?: string): Promise<WebSocket> {
  const ws = new WebSocket(
    `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
  );
  ws.on('error', () => undefined);
  const frame = () =>
    new Promise<string>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data.toString()));
      ws.once('close', () => reject(new Error('closed during the handshake')));
    });
  await frame();
  if (token !== undefined) {
    ws.send(`40${JSON.stringify({ token })}`);
    expect(await frame()).toMatch(/^40\{"sid"/);
  }
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return ws;
}

/** Resumes reading and resolves true if the server had closed the connection. */
async function wasDropped(ws: WebSocket): Promise<boolean> {
  // Already closed: the attacker's own writes met the reset of a connection the server cut.
  if (ws.readyState === WebSocket.CLOSED) return true;
  const closed = new Promise<boolean>((resolve) => ws.once('close', () => resolve(true)));
  (ws as unknown as { _socket: { resume(): void } })._socket.resume();
  return Promise.race([closed, sleep(5000).then(() => false)]);
}

beforeAll(async () => {
  await server.start();
  // The owner first (from loopback, no setup code): the attackers are ordinary accounts.
  await register(server.url, 'owner');
  baselineRss = rssBytes();
  sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes())), 50);
}, 30_000);
afterAll(async () => {
  clearInterval(sampler);
  await server.dispose();
});

describe('attacks on the compiled CLI server', () => {
  it('A: CONNECT floods with a huge Host header, over long-polling and WebSocket', async () => {
    const host = { host: `${'h'.repeat(15_000)}.example` };
    const refused = (await PollingSession.open(server.url, host)) as RawAnswer;
    expect(refused.status).toBe(403);
    const session = await PollingSession.open(server.url);
    if (!(session instanceof PollingSession)) throw new Error('handshake refused');
    const connects = Array.from({ length: 21_800 }, () => '40');
    for (let i = 0; i < 2; i++) await session.post(connects);
    expect((await session.get()).body.length).toBeLessThan(2000);
    // The same frames over a WebSocket whose client never reads.
    const ws = await frozenSocket();
    for (let i = 0; i < scale(50_000, 200_000) && ws.readyState === WebSocket.OPEN; i++)
      ws.send('40');
    expect(await wasDropped(ws)).toBe(true);
    await expectHealthy();
  }, 60_000);

  it('B: an account sends unknown events with huge names, and reads nothing back', async () => {
    const alice = await register(server.url, 'alice');
    const session = await PollingSession.open(server.url);
    if (!(session instanceof PollingSession)) throw new Error('handshake refused');
    await session.post([`40${JSON.stringify({ token: alice.token })}`]);
    const name = 'n'.repeat(60_000);
    for (let i = 0; i < scale(200, 4600); i++) {
      const answer = await session.post([`42["${name}",{}]`]);
      if (answer.status !== 200) break;
    }
    // The answers never repeat the name, and past the event budget there are none.
    expect((await session.get()).body.length).toBeLessThan(20_000);
    await expectHealthy();
  }, 120_000);

  it('B: history requests within the rate limit, from a WebSocket that never reads', async () => {
    const bob = await register(server.url, 'bob');
    const writer = await connect(server.url, bob.token);
    // Three UTF-8 bytes a character: a capped history page is then about 360 KB on the wire.
    const text = '€'.repeat(3990);
    for (let i = 0; i < 40; i++) {
      const sent = { roomId: 1, text: `${i} ${text}`, clientId: `b${i}` };
      let ack = await request(writer, 'message:send', sent);
      while (!ack.ok) {
        await sleep(ack.error.retryAfterMs ?? 100);
        ack = await request(writer, 'message:send', sent);
      }
    }
    const ws = await frozenSocket(bob.token);
    // 20 requests a second, the event budget: about 7 MB a second of answers nobody reads. The
    // kernel takes the first ~36 MB (loopback buffers autotune up to 32 MB here); past that the
    // server would hold the rest, and it must cut the socket instead.
    for (let i = 0; i < scale(300, 600) && ws.readyState === WebSocket.OPEN; i++) {
      ws.send(`42${i}["message:history",{"roomId":1,"limit":100}]`);
      await sleep(50);
    }
    expect(await wasDropped(ws)).toBe(true);
    await expectHealthy();
  }, 120_000);

  it('C: an account creates rooms as fast as it can; rooms:list stays small for everyone', async () => {
    const mallory = await register(server.url, 'mallory');
    const spammer = await connect(server.url, mallory.token);
    const answers: string[] = [];
    // 20 a second was allowed before, about 72,000 rooms an hour. Now the hourly quota refuses
    // the 11th, with a wait of most of the hour; the event budget's short waits are waited out.
    for (let i = 0; i < scale(100, 400); i++) {
      const ack = await request(spammer, 'room:create', { name: `spam-${i}`, kind: 'public' });
      const wait = ack.ok ? 0 : (ack.error.retryAfterMs ?? 0);
      answers.push(ack.ok ? 'ok' : wait > 30 * 60_000 ? 'hourly quota' : ack.error.code);
      if (!ack.ok && wait < 5000) await sleep(wait);
    }
    expect(answers.filter((a) => a === 'ok')).toHaveLength(10);
    expect(answers.slice(10).every((a) => a === 'hourly quota' || a === 'rate_limited')).toBe(true);
    expect(answers.filter((a) => a === 'hourly quota').length).toBeGreaterThan(answers.length / 2);
    // A look-alike of a public room's name (a Cyrillic е, a zero-width space) is refused too.
    const carol = await register(server.url, 'carol');
    const other = await connect(server.url, carol.token);
    for (const name of ['g\u0435neral', 'gen\u200Beral']) {
      const ack = await request(other, 'room:create', { name, kind: 'public' });
      expect([name, ack.ok ? 'ok' : ack.error.code]).toEqual([
        name,
        expect.not.stringMatching(/^ok$/),
      ]);
    }
    // Browsing comes a page at a time, each well under the backlog budget.
    const seen: number[] = [];
    let after: number | undefined;
    for (;;) {
      const ack = await request(other, 'rooms:list', { joined: false, after, limit: 100 });
      if (!ack.ok) throw new Error(ack.error.code);
      expect(JSON.stringify(ack).length).toBeLessThan(64 * 1024);
      seen.push(...ack.rooms.map((room: { id: number }) => room.id));
      if (ack.nextCursor === null) break;
      after = ack.nextCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(new Set(seen).size).toBe(seen.length);
    await expectHealthy();
  }, 120_000);
});
