import { sleep, startPair, stopPair, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';

interface StepResult {
  p99: number;
  received: number;
  expected: number;
}

/** Scenario 4: chat latency with and without 20 scrypt logins a second beside it. */
export async function loginStorm(options: BenchOptions) {
  const pair = await startPair('parley');
  const { auths, roomIds } = await pair.server.call<{ auths: object[]; roomIds: number[] }>(
    'users',
    { count: 200 },
  );
  await pair.load.call('connect', { url: pair.url, auths });
  await pair.load.call('assignRooms', { perRoom: 0 });
  const account = { username: 'stormy', password: 'storm password' };
  await fetch(`${pair.url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  const durationMs = options.quick ? 2000 : 5000;
  const chat = () =>
    pair.load.call<StepResult>('fanout', { rate: 20, durationMs, senders: 10, roomIds });
  const result = await repeat(options.runs, async () => {
    const calm = await chat();
    await sleep(300);
    const [storm, logins] = await Promise.all([chat(), startLogins(pair.url, account, durationMs)]);
    await sleep(300);
    return {
      chatP99CalmMs: calm.p99,
      chatP99StormMs: storm.p99,
      ratio: storm.p99 / calm.p99,
      loginsPerSec: logins.ok / (durationMs / 1000),
      loginFailures: logins.failed,
    };
  });
  await stopPair(pair);
  return result;
}

/** Logins from the bench process itself (pinned with the load side via the agent would skew chat). */
async function startLogins(url: string, account: object, durationMs: number) {
  let ok = 0;
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    inFlight.push(
      fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(account),
      }).then(
        (r) => void (r.ok ? ok++ : failed++),
        () => void failed++,
      ),
    );
    await sleep(50); // 20 a second
  }
  await Promise.all(inFlight);
  return { ok, failed };
}
