import { describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../../server/protocol.js';
import {
  connect,
  disconnected,
  http,
  next,
  register,
  request,
  startServer,
  untyped,
} from './helpers.js';

type RequestError = { event: string; error: { code: string } };

const ACKED = CLIENT_EVENTS.filter((event) => event !== 'typing');
const EVENTS = [...ACKED, 'no:such:event', 'constructor', '__proto__'];

const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) });

const PAYLOADS: unknown[] = [
  undefined,
  null,
  0,
  -1,
  'text',
  true,
  [],
  [1, 2],
  {},
  { roomId: '1' },
  { roomId: -1 },
  { roomId: 1.5 },
  { roomId: 1e300 },
  { roomId: null },
  { roomId: 1, text: 42, clientId: 'x' },
  { roomId: 1, text: 'hi', clientId: 'bad id!' },
  { roomId: 1, text: 'hi', clientId: 'x'.repeat(65) },
  { roomId: 1, text: ['hi'], clientId: 'y' },
  { name: '', kind: 'public' },
  { name: 'x'.repeat(65), kind: 'public' },
  { name: 'ok', kind: 'direct' },
  { username: 'x' },
  { username: { $ne: null } },
  { token: 5 },
  { token: 'x'.repeat(10_000) },
  { roomId: 1, before: 5, after: 2 },
  { roomId: 1, limit: 0 },
  { roomId: 1, limit: 'all' },
  JSON.parse('{"__proto__": {"polluted": true}, "roomId": 1}'),
  { constructor: { prototype: { polluted: true } }, roomId: 1 },
  deep(500),
  'x'.repeat(30_000),
];

describe('malformed input', () => {
  it('answers hundreds of malformed socket events with error codes and keeps serving', async () => {
    const { url } = await startServer({
      eventRate: { perSecond: 10_000, burst: 10_000 },
      messageRate: { perSecond: 10_000, burst: 10_000 },
    });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const attacker = await connect(url, alice.token);
    const healthy = await connect(url, bob.token);

    type Answer = { ok: boolean; error?: { code: string } };
    const answers: Answer[] = [];
    const known = new Set<string>(ACKED);
    for (const event of EVENTS) {
      for (const payload of PAYLOADS) {
        const plain: Answer = await request(attacker, event, payload);
        // The same with an extra argument before the ack.
        const extra: Answer = await untyped(attacker)
          .timeout(5000)
          .emitWithAck(event, payload, 'extra');
        answers.push(plain, extra);
        expect(extra.ok).toBe(false);
        if (!known.has(event))
          expect([plain.error?.code, extra.error?.code]).toEqual([
            'unknown_event',
            'unknown_event',
          ]);
      }
    }
    expect(answers.length).toBeGreaterThan(700);
    const codes = new Set(answers.filter((a) => !a.ok).map((a) => a.error?.code));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['invalid_payload', 'unknown_event']));
    expect(codes.has('internal_error')).toBe(false);

    // Without an ack, the server says so through request:error instead of staying silent.
    const reported = next<RequestError>(
      attacker,
      'request:error',
      (p) => p.event === 'message:send',
    );
    untyped(attacker).emit('message:send', { roomId: 1, text: 'no ack', clientId: 'n' });
    expect((await reported).error.code).toBe('invalid_payload');
    const typingError = next<RequestError>(attacker, 'request:error', (p) => p.event === 'typing');
    untyped(attacker).emit('typing', { roomId: 'x' });
    expect((await typingError).error.code).toBe('invalid_payload');

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(attacker.connected).toBe(true);
    const ack = await request(healthy, 'message:send', {
      roomId: 1,
      text: 'still here',
      clientId: 'ok',
    });
    expect(ack.ok).toBe(true);
    const history = await request(healthy, 'message:history', { roomId: 1 });
    expect(history.messages.map((m: { text: string }) => m.text)).toEqual(['still here']);
  });

  it('drops a socket that sends a frame over the limit, and only that socket', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const big = await connect(url, alice.token);
    const gone = disconnected(big);
    big.emit('message:send', { roomId: 1, text: 'x'.repeat(70_000), clientId: 'big' }, () => {});
    expect(await gone).toBe('transport close');
    const other = await connect(url, alice.token);
    expect((await request(other, 'rooms:list', {})).ok).toBe(true);
  });

  it('answers malformed HTTP bodies with JSON errors and keeps serving', async () => {
    const { url } = await startServer();
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"str"',
      '42',
      '{"username":1}',
      '{"username":"alice"}',
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"username":"x"}',
      JSON.stringify({ username: 'x'.repeat(10_000), password: 'longenough' }),
      JSON.stringify(deep(2000)),
      '\u0000\u0001',
      '{"a":"\ud800"}',
    ];
    const paths = [
      '/api/register',
      '/api/login',
      '/api/refresh',
      '/api/admin/ban',
      '/api/invites',
      '/api/nothing',
    ];
    let count = 0;
    for (const path of paths) {
      for (const body of bodies) {
        for (const type of ['application/json', 'text/plain']) {
          const answer = await http(url, path, { body, headers: { 'content-type': type } });
          count++;
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(typeof answer.body.error.code).toBe('string');
        }
      }
    }
    expect(count).toBeGreaterThan(150);
    const huge = await http(url, '/api/login', {
      body: JSON.stringify({ username: 'alice', password: 'x'.repeat(20_000) }),
    });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'too_large']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await register(url, 'alice')).user.username).toBe('alice');
  });
});
