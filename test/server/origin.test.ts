import { describe, expect, it } from 'vitest';
import { rawRequest } from '../raw-http.js';
import { connect, refusal, register, startServer } from './helpers.js';

describe('origin and host checks', () => {
  it('answers programs (no Origin), its own pages, and the desktop app with CORS', async () => {
    const { url } = await startServer();
    const host = new URL(url).host;
    expect((await rawRequest(url, '/api/info', {})).status).toBe(200);
    const own = await rawRequest(url, '/api/info', { origin: url });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    const app = await rawRequest(url, '/api/info', { origin: 'app://parley', host });
    expect(app.status).toBe(200);
    expect(app.headers['access-control-allow-origin']).toBe('app://parley');
    const preflight = await rawRequest(
      url,
      '/api/login',
      { origin: 'app://parley', 'access-control-request-method': 'POST' },
      'OPTIONS',
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
    // Socket.IO long-polling, which the desktop app may fall back to, is readable by it too.
    const polling = await rawRequest(url, '/socket.io/?EIO=4&transport=polling', {
      origin: 'app://parley',
    });
    expect(polling.status).toBe(200);
    expect(polling.headers['access-control-allow-origin']).toBe('app://parley');
    const foreign = await rawRequest(url, '/socket.io/?EIO=4&transport=polling', {
      origin: 'https://evil.example',
    });
    // Refused before engine.io opens a session for it, with our code and nothing of the request.
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).message).toBe('origin_not_allowed');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a page from another site, over HTTP and on the socket', async () => {
    const { url, server } = await startServer();
    const alice = await register(url, 'alice');
    const evil = await rawRequest(url, '/api/info', { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.code).toBe('origin_not_allowed');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // The socket is refused at engine.io's handshake, before any session or token check.
    const refused = await refusal(url, {
      auth: { token: alice.token },
      extraHeaders: { origin: 'https://evil.example' },
    });
    expect(refused.message).toBe('websocket error');
    expect(server.io.engine.clientsCount).toBe(0);
    // The same token from the desktop app's origin is fine.
    const ok = await connect(url, alice.token, { extraHeaders: { origin: 'app://parley' } });
    expect(ok.connected).toBe(true);
  });

  it('refuses a DNS-rebinding request: a foreign host name, even when same-origin', async () => {
    const { url } = await startServer();
    const port = new URL(url).port;
    const rebound = await rawRequest(url, '/api/info', {
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe('host_not_allowed');
    const addresses = [`[::1]:${port}`, `[fe80::1]`, `192.168.1.20:${port}`, `0x7f.1:${port}`];
    for (const host of [`localhost:${port}`, `parley-box.local:${port}`, ...addresses]) {
      expect((await rawRequest(url, '/api/info', { host })).status, host).toBe(200);
    }
    // Names that only look numeric, and addresses the URL parser refuses.
    for (const host of ['192.168.1.20.evil.example', '1.2.3.4x', '999.1.1.1', '[::1']) {
      expect((await rawRequest(url, '/api/info', { host })).status, host).toBe(403);
    }
  });

  it('takes extra trusted origins and host names from options', async () => {
    const { url } = await startServer({
      trustedOrigins: ['https://chat.example.org'],
      allowedHosts: ['chat.example.org'],
    });
    const answer = await rawRequest(url, '/api/info', {
      host: 'chat.example.org',
      origin: 'https://chat.example.org',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://chat.example.org');
    const desktop = await rawRequest(url, '/api/info', { origin: 'app://parley' });
    expect(desktop.status).toBe(403);
  });
});
