import { describe, expect, it } from 'vitest';
import { parseCli } from '../../server/cli-args.js';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import {
  connect,
  http,
  refusal,
  register,
  request,
  startServer,
  tempDir,
  type TestServer,
} from './helpers.js';
import { send } from './message-helpers.js';

/** Scrapes the server's metrics listener. */
async function scrape(server: TestServer['server']) {
  const address = server.metricsAddress();
  if (!address) throw new Error('metrics are off');
  const answer = await fetch(`http://127.0.0.1:${address.port}/metrics`);
  return {
    status: answer.status,
    type: answer.headers.get('content-type'),
    text: await answer.text(),
  };
}

/** The value of one series (`name{labels}` exactly as printed), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('are off by default: no listener, and /metrics on the chat port is 404', async () => {
    const { server, url } = await startServer();
    expect(server.metricsAddress()).toBeUndefined();
    expect((await http(url, '/metrics')).status).toBe(404);
  });

  it('count sockets, messages, refusals, rate limits and DB time on their own port only', async () => {
    const started = await startServer({
      scryptCost: 1024,
      metrics: { port: 0 },
      messageRate: { perSecond: 1000, burst: 1000 },
      eventRate: { perSecond: 0.1, burst: 8 },
      loginRate: { max: 1, windowMs: 60_000 },
    });
    const { server, url } = started;
    const address = server.metricsAddress();
    expect(address?.address).toBe('127.0.0.1');
    expect(address?.port).not.toBe(new URL(url).port);
    // Never on the chat port, even with metrics on.
    expect((await http(url, '/metrics')).status).toBe(404);

    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const a = await connect(url, alice.token);
    await connect(url, bob.token);
    let scraped = await scrape(server);
    expect(scraped.status).toBe(200);
    expect(scraped.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sample(scraped.text, 'parley_sockets')).toBe(2);
    expect(sample(scraped.text, 'parley_rooms')).toBe(1); // general, with both connected
    const before = sample(scraped.text, 'parley_messages_total') ?? -1;
    expect(before).toBe(0);

    for (const text of ['one', 'two', 'three']) await send(a, text);
    const bad = await refusal(url, { auth: { token: 'not-a-token' } });
    expect(bad.code).toBe('invalid_token');
    // The event budget: 8 at once; the rest of a flood of 12 is refused.
    const flood = await Promise.all(Array.from({ length: 12 }, () => request(a, 'rooms:list', {})));
    const refused = flood.filter((ack) => ack.error?.code === 'rate_limited').length;
    expect(refused).toBeGreaterThanOrEqual(4);
    // One login allowed a minute per address and name: the second is 429.
    for (const expected of [401, 429]) {
      const answer = await http(url, '/api/login', {
        body: { username: 'alice', password: 'wrong password' },
      });
      expect(answer.status).toBe(expected);
    }

    scraped = await scrape(server);
    expect(sample(scraped.text, 'parley_messages_total')).toBe(before + 3);
    expect(sample(scraped.text, 'parley_handshake_refusals_total{code="invalid_token"}')).toBe(1);
    expect(sample(scraped.text, 'parley_rate_limited_total{budget="events"}')).toBe(refused);
    expect(sample(scraped.text, 'parley_rate_limited_total{budget="http POST /api/login"}')).toBe(
      1,
    );
    expect(sample(scraped.text, 'parley_db_seconds_count{method="appendMessage"}')).toBe(3);
    expect(sample(scraped.text, 'parley_db_seconds_bucket{le="+Inf",method="appendMessage"}')).toBe(
      3,
    );
    expect(scraped.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(scraped.text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    // Anything else on the metrics port is 404.
    const other = await fetch(`http://127.0.0.1:${address?.port}/`);
    expect(other.status).toBe(404);

    await started.close();
    await expect(fetch(`http://127.0.0.1:${address?.port}/metrics`)).rejects.toThrow();
  });

  it('keep two servers in one process apart', async () => {
    const one = await startServer({ scryptCost: 1024, metrics: { port: 0 } });
    const two = await startServer({ scryptCost: 1024, metrics: { port: 0 } });
    await refusal(one.url, { auth: { token: 'nope' } });
    const code = 'parley_handshake_refusals_total{code="invalid_token"}';
    expect(sample((await scrape(one.server)).text, code)).toBe(1);
    expect(sample((await scrape(two.server)).text, code)).toBeUndefined();
  });

  it('refuse a bad metrics option at start-up', () => {
    const dataDir = tempDir();
    const start = (metrics: unknown) =>
      createChatServer({ dataDir, logger: silentLogger, metrics } as never);
    expect(() => start({ port: 0, hots: 'x' })).toThrow(/"metrics\.hots"/);
    expect(() => start({ port: 70_000 })).toThrow(/"metrics\.port"/);
    expect(() => start({ host: '127.0.0.1' })).toThrow(/"metrics\.port"/);
    expect(() => start({ port: 0, host: '' })).toThrow(/"metrics\.host"/);
    expect(() => start(9464)).toThrow(/"metrics"/);
  });

  it('come from --metrics-port and --metrics-host, with --log-level', () => {
    const parsed = parseCli(['--metrics-port', '9464', '--log-level', 'debug'], {});
    expect(parsed.options.metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(parsed.logLevel).toBe('debug');
    const lan = parseCli(['--metrics-port', '0', '--metrics-host', '0.0.0.0'], {});
    expect(lan.options.metrics).toEqual({ port: 0, host: '0.0.0.0' });
    const plain = parseCli([], {});
    expect(plain.options.metrics).toBeUndefined();
    expect(plain.logLevel).toBe('info');
    expect(() => parseCli(['--metrics-host', '0.0.0.0'], {})).toThrow(/--metrics-port/);
    expect(() => parseCli(['--metrics-port', 'x'], {})).toThrow(/--metrics-port/);
    expect(() => parseCli(['--log-level', 'loud'], {})).toThrow(/--log-level/);
  });
});
