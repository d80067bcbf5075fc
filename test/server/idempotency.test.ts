import { describe, expect, it } from 'vitest';
import { connect, register, request, startServer } from './helpers.js';

describe('idempotent sends are per room', () => {
  it('a clientId reused for another room is refused, not answered with the first room’s message', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const a = await connect(url, alice.token);
    const { room } = await request(a, 'room:create', { name: 'second', kind: 'public' });
    const first = await request(a, 'message:send', {
      roomId: 1,
      text: 'in general',
      clientId: 'k',
    });
    expect(first.ok).toBe(true);
    const reused = await request(a, 'message:send', {
      roomId: room.id,
      text: 'in second',
      clientId: 'k',
    });
    expect(reused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(JSON.stringify(reused)).not.toContain('in general');
    const second = await request(a, 'message:history', { roomId: room.id });
    expect(second.messages).toEqual([]);
    // A true retry, same room and clientId, still gets the stored message back.
    const retry = await request(a, 'message:send', {
      roomId: 1,
      text: 'in general',
      clientId: 'k',
    });
    expect(retry.message).toEqual(first.message);
  });
});
