import { describe, expect, it } from 'vitest';
import { rawRequest } from '../raw-http.js';
import { http, register, startServer } from './helpers.js';

const HANDSHAKE = '/socket.io/?EIO=4&transport=polling';

/** A wrong-password login as a client behind the proxy at `forwardedFor`; resolves the status. */
async function badLogin(url: string, forwardedFor: string): Promise<number> {
  const answer = await http(url, '/api/login', {
    body: { username: 'alice', password: 'wrong password' },
    headers: { 'x-forwarded-for': forwardedFor },
  });
  return answer.status;
}

/** Opens an engine.io session (its handshake only) as the client at `forwardedFor`. */
async function handshake(url: string, headers: Record<string, string>) {
  const answer = await rawRequest(url, HANDSHAKE, headers);
  return {
    status: answer.status,
    message: answer.status === 200 ? 'open' : JSON.parse(answer.body).message,
  };
}

describe('behind a trusted reverse proxy', () => {
  it('counts logins per client address from X-Forwarded-For, not per proxy', async () => {
    const { url, server } = await startServer({
      trustProxy: ['loopback'],
      loginRate: { max: 2, windowMs: 60_000 },
    });
    // Behind a proxy every request looks local: the owner needs the setup code.
    const noCode = await http(url, '/api/register', {
      body: { username: 'alice', password: 'correct horse' },
    });
    expect(noCode.body).toMatchObject({ error: { code: 'invalid_setup_code' } });
    await register(url, 'alice', { setupCode: await server.setupCode() });
    expect(await badLogin(url, '203.0.113.7')).toBe(401);
    expect(await badLogin(url, '203.0.113.7')).toBe(401);
    expect(await badLogin(url, '203.0.113.7')).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect(await badLogin(url, '198.51.100.9')).toBe(401);
    // The nearest untrusted hop counts: a client cannot pick its address by prepending one.
    expect(await badLogin(url, '10.9.9.9, 203.0.113.7')).toBe(429);
    // A port the balancer appends is not part of the client: new ports share one budget.
    expect(await badLogin(url, '192.0.2.5:5555')).toBe(401);
    expect(await badLogin(url, '192.0.2.5:6666')).toBe(401);
    expect(await badLogin(url, '192.0.2.5:7777')).toBe(429);
    expect(await badLogin(url, '[2001:db8::1]:443')).toBe(401);
    expect(await badLogin(url, '2001:db8::2')).toBe(401);
    expect(await badLogin(url, '[2001:db8::3]:8443')).toBe(429);
  });

  it('records the client, not the proxy, as where a session signed in from', async () => {
    const { url, server } = await startServer({ trustProxy: ['loopback'] });
    await register(url, 'alice', { setupCode: await server.setupCode() });
    const login = await http<{ token: string }>(url, '/api/login', {
      body: { username: 'alice', password: 'correct horse' },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    const sessions = await http<{ sessions: Array<{ ip: string; current: boolean }> }>(
      url,
      '/api/sessions',
      { token: login.body.token },
    );
    expect(sessions.body.sessions.find((session) => session.current)?.ip).toBe('203.0.113.7');
  });

  it('counts a forwarded value that is not an address as the proxy itself', async () => {
    const { url, server } = await startServer({
      trustProxy: ['loopback'],
      loginRate: { max: 2, windowMs: 60_000 },
    });
    await register(url, 'alice', { setupCode: await server.setupCode() });
    expect(await badLogin(url, 'unknown')).toBe(401);
    expect(await badLogin(url, 'garbage')).toBe(401);
    // Both counted under 127.0.0.1, the proxy, as is a request with no header at all.
    const plain = await http(url, '/api/login', {
      body: { username: 'alice', password: 'wrong password' },
    });
    expect(plain.status).toBe(429);
  });

  it('counts engine.io handshakes per client address, and believes the proxy on https', async () => {
    const { url, server } = await startServer({ trustProxy: ['127.0.0.1'], handshakesPerIp: 1 });
    const host = new URL(url).host;
    expect(await handshake(url, { 'x-forwarded-for': '203.0.113.7' })).toEqual({
      status: 200,
      message: 'open',
    });
    expect(await handshake(url, { 'x-forwarded-for': '203.0.113.7' })).toEqual({
      status: 403,
      message: 'too_many_connections',
    });
    expect((await handshake(url, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
    expect(server.io.engine.clientsCount).toBe(2);
    // A page served over https by the TLS-terminating proxy is same-origin with it.
    const page = { origin: `https://${host}`, 'x-forwarded-for': '192.0.2.1' };
    expect(await handshake(url, { ...page, 'x-forwarded-proto': 'https' })).toEqual({
      status: 200,
      message: 'open',
    });
    expect((await handshake(url, { ...page, 'x-forwarded-for': '192.0.2.2' })).message).toBe(
      'origin_not_allowed',
    );
    const info = await rawRequest(url, '/api/info', { ...page, 'x-forwarded-proto': 'https' });
    expect(info.status).toBe(200);
  });
});

describe('without a trusted proxy', () => {
  it('ignores X-Forwarded-For and X-Forwarded-Proto from anyone else', async () => {
    // A proxy is configured, but not at the address the requests come from.
    const { url, server } = await startServer({
      trustProxy: ['10.0.0.1'],
      loginRate: { max: 2, windowMs: 60_000 },
      handshakesPerIp: 1,
    });
    const host = new URL(url).host;
    await register(url, 'alice', { setupCode: await server.setupCode() });
    expect(await badLogin(url, '203.0.113.7')).toBe(401);
    expect(await badLogin(url, '203.0.113.8')).toBe(401);
    // Every header names a new client, but the peer is the same: one budget.
    expect(await badLogin(url, '203.0.113.9')).toBe(429);
    expect((await handshake(url, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect(await handshake(url, { 'x-forwarded-for': '203.0.113.8' })).toEqual({
      status: 403,
      message: 'too_many_connections',
    });
    const spoofed = await rawRequest(url, '/api/info', {
      origin: `https://${host}`,
      'x-forwarded-proto': 'https',
    });
    expect(spoofed.status).toBe(403);
  });

  it('refuses a trustProxy entry that is not an address, a subnet or a known name', async () => {
    await expect(startServer({ trustProxy: ['the-balancer'] })).rejects.toThrow(/"trustProxy"/);
    await expect(startServer({ trustProxy: ['10.0.0.0/33'] })).rejects.toThrow(/"trustProxy"/);
  });
});
