import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { sleep, startPair, stopPair, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';

interface StepResult {
  p99: number;
}

/** Logins sent by the flood, a second: far more than scrypt can answer on one core. */
const FLOOD_PER_SEC = 200;

/**
 * Scenario 4b: chat latency while ONE address floods logins, each with a new random username (so
 * the per-username login limit never applies), next to a person logging in from another address.
 * Run against the server's default password limits and against the server without them; every
 * run gets a fresh server, since an unprotected one is still hashing the backlog long after.
 */
export async function loginFlood(options: BenchOptions) {
  return {
    limited: await floodRuns(options, ['--hash-limits']),
    unlimited: await floodRuns(options, ['--no-hash-limits']),
  };
}

async function floodRuns(options: BenchOptions, serverArgs: string[]) {
  const durationMs = options.quick ? 2000 : 5000;
  return repeat(options.runs, async () => {
    const pair = await startPair('parley', serverArgs);
    try {
      const { auths, roomIds } = await pair.server.call<{ auths: object[]; roomIds: number[] }>(
        'users',
        { count: 200 },
      );
      await pair.load.call('connect', { url: pair.url, auths });
      await pair.load.call('assignRooms', { perRoom: 0 });
      const chat = () =>
        pair.load.call<StepResult>('fanout', { rate: 20, durationMs, senders: 10, roomIds });
      const calm = await chat();
      await sleep(300);
      const flood = startFlood(pair.url, durationMs);
      const [storm, person] = await Promise.all([
        chat(),
        // Someone else, from another address, logging in halfway through.
        sleep(durationMs / 2).then(() => timedLogin(pair.url, '127.0.0.9')),
      ]);
      const answers = await flood;
      return {
        chatP99CalmMs: calm.p99,
        chatP99FloodMs: storm.p99,
        ratio: storm.p99 / calm.p99,
        floodSent: answers.sent,
        floodHashed: answers.hashed,
        floodRefused: answers.refused,
        floodOther: answers.other,
        floodUnanswered: answers.unanswered,
        otherPersonLoginMs: person.ms,
        otherPersonRefused: person.status === 429 ? 1 : 0,
      };
    } finally {
      await stopPair(pair);
    }
  });
}

/** POSTs a login for a random username from `localAddress`; resolves with the status. */
function login(url: string, agent: Agent, localAddress: string): Promise<number> {
  const body = JSON.stringify({ username: `f${randomUUID().slice(0, 12)}`, password: 'guess123' });
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/login`,
      {
        method: 'POST',
        agent,
        localAddress,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function timedLogin(url: string, localAddress: string) {
  const agent = new Agent({ keepAlive: false });
  const started = performance.now();
  const status = await login(url, agent, localAddress);
  return { status, ms: performance.now() - started };
}

/** The flood, from 127.0.0.2; resolves once every request it sent has been answered. */
async function startFlood(url: string, durationMs: number) {
  const agent = new Agent({ keepAlive: true });
  const counts = { sent: 0, hashed: 0, refused: 0, other: 0 };
  const answers: Promise<void>[] = [];
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    counts.sent++;
    answers.push(
      login(url, agent, '127.0.0.2').then((status) => {
        if (status === 401) counts.hashed++;
        else if (status === 429) counts.refused++;
        else counts.other++;
      }),
    );
    await sleep(1000 / FLOOD_PER_SEC);
  }
  // The unprotected server answers the backlog only after the chat measurement: not waited for.
  await Promise.race([Promise.all(answers), sleep(2000)]);
  const unanswered = counts.sent - counts.hashed - counts.refused - counts.other;
  agent.destroy();
  return { ...counts, unanswered };
}
