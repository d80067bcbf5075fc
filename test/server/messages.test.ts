import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { connect, next, register, request, startServer } from './helpers.js';

const GENERAL = 1;

describe('messages', () => {
  it('labels every message with the token’s user, whatever the payload claims', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice', { displayName: 'Alice Liddell' });
    const bob = await register(url, 'bob', { displayName: 'Bob' });
    const [a, b] = await Promise.all([connect(url, alice.token), connect(url, bob.token)]);

    const received = next<Message>(b, 'message');
    const ack = await request(a, 'message:send', {
      roomId: GENERAL,
      text: '  hello bob  ',
      clientId: 'c1',
    });
    expect(ack.ok).toBe(true);
    const expected = { id: alice.user.id, username: 'alice', displayName: 'Alice Liddell' };
    expect(ack.message).toMatchObject({
      roomId: GENERAL,
      text: 'hello bob',
      clientId: 'c1',
      author: expected,
    });
    expect(await received).toEqual(ack.message);

    const spoofed = next<Message>(b, 'message');
    const claim = { id: bob.user.id, username: 'bob', displayName: 'Bob' };
    const ack2 = await request(a, 'message:send', {
      roomId: GENERAL,
      text: 'I am bob',
      clientId: 'c2',
      author: claim,
      authorId: bob.user.id,
      user: claim,
      username: 'bob',
    });
    expect(ack2.ok).toBe(true);
    expect((await spoofed).author).toEqual(expected);
  });

  it('is idempotent on clientId: a retry gets the same message and nothing is broadcast twice', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const [a, b] = await Promise.all([connect(url, alice.token), connect(url, bob.token)]);
    const seen: Message[] = [];
    b.on('message', (m) => seen.push(m));
    const first = await request(a, 'message:send', {
      roomId: GENERAL,
      text: 'once',
      clientId: 'same',
    });
    const retry = await request(a, 'message:send', {
      roomId: GENERAL,
      text: 'once',
      clientId: 'same',
    });
    expect(retry).toEqual(first);
    const marker = next(b, 'message', (m: Message) => m.clientId === 'marker');
    await request(a, 'message:send', { roomId: GENERAL, text: 'marker', clientId: 'marker' });
    await marker;
    expect(seen.map((m) => m.clientId)).toEqual(['same', 'marker']);
    const history = await request(b, 'message:history', { roomId: GENERAL });
    expect(history.messages.map((m: Message) => m.text)).toEqual(['once', 'marker']);
  });

  it('answers too_large for long text, invalid_payload for empty text', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const long = await request(a, 'message:send', {
      roomId: GENERAL,
      text: 'x'.repeat(4001),
      clientId: 'l',
    });
    expect(long).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const fits = await request(a, 'message:send', {
      roomId: GENERAL,
      text: ` ${'x'.repeat(4000)} `,
      clientId: 'f',
    });
    expect(fits.ok).toBe(true);
    const empty = await request(a, 'message:send', {
      roomId: GENERAL,
      text: ' \n ',
      clientId: 'e',
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('rate limits sends per user, with retryAfterMs', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 2, burst: 5 } });
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const acks = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request(a, 'message:send', { roomId: GENERAL, text: `m${i}`, clientId: `r${i}` }),
      ),
    );
    expect(acks.filter((ack) => ack.ok)).toHaveLength(5);
    const limited = acks.filter((ack) => !ack.ok);
    expect(limited).toHaveLength(3);
    for (const ack of limited) {
      expect(ack.error.code).toBe('rate_limited');
      expect(ack.error.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it('pages history with before and after, returning every message exactly once', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 1000, burst: 1000 } });
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const sent: number[] = [];
    for (let i = 0; i < 123; i++) {
      const ack = await request(a, 'message:send', {
        roomId: GENERAL,
        text: `n${i}`,
        clientId: `h${i}`,
      });
      sent.push(ack.message.id);
    }
    const newest = await request(a, 'message:history', { roomId: GENERAL });
    expect(newest.messages).toHaveLength(50);
    expect(newest.hasMore).toBe(true);

    const backwards: number[] = [];
    let page = await request(a, 'message:history', { roomId: GENERAL, limit: 40 });
    for (;;) {
      backwards.unshift(...page.messages.map((m: Message) => m.id));
      if (!page.hasMore) break;
      page = await request(a, 'message:history', {
        roomId: GENERAL,
        before: page.messages[0].id,
        limit: 40,
      });
    }
    expect(backwards).toEqual(sent);

    const forwards: number[] = [];
    let after = 0;
    for (let more = true; more;) {
      const fwd = await request(a, 'message:history', { roomId: GENERAL, after, limit: 100 });
      forwards.push(...fwd.messages.map((m: Message) => m.id));
      after = forwards[forwards.length - 1] ?? 0;
      more = fwd.hasMore;
    }
    expect(forwards).toEqual(sent);
    const tooMany = await request(a, 'message:history', { roomId: GENERAL, limit: 101 });
    expect(tooMany.error.code).toBe('invalid_payload');
  });

  it('keeps messages across a restart on the same data directory', async () => {
    const first = await startServer();
    const alice = await register(first.url, 'alice');
    const a = await connect(first.url, alice.token);
    const ids: number[] = [];
    for (const text of ['one', 'two', 'three']) {
      ids.push(
        (await request(a, 'message:send', { roomId: GENERAL, text, clientId: text })).message.id,
      );
    }
    a.disconnect();
    await first.close();

    const second = await startServer({ dataDir: first.dataDir });
    const login = await fetch(`${second.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'correct horse' }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const again = await connect(second.url, login.token);
    const history = await request(again, 'message:history', { roomId: GENERAL, after: ids[0] });
    expect(history.messages.map((m: Message) => [m.id, m.text])).toEqual([
      [ids[1], 'two'],
      [ids[2], 'three'],
    ]);
    // The token signed before the restart is still good: same secret, same server id.
    expect((await connect(second.url, alice.token)).connected).toBe(true);
  });
});
