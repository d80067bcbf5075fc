import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { io } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import {
  CertificateMismatch,
  getJsonPinned,
  pinnedTlsOptions,
  probeCertificate,
} from '../../main/tls/pinned-tls';
import { inspectServer } from '../../main/tls/setup-pinning';
import { createChatServer } from '../../server/create-chat-server';
import { silentLogger } from '../../server/logger';
import { loadOrCreateCertificate } from '../../server/tls/self-signed';
import { tempDir } from '../server/helpers';

vi.mock('electron', () => import('./fake-electron'));

/** A real TLS server with its self-signed certificate in a temp data dir; counts what reaches it. */
async function tlsServer(dataDir = tempDir()) {
  const server = createChatServer({
    dataDir,
    tls: await loadOrCreateCertificate(dataDir),
    logger: silentLogger,
  });
  const seen = { connections: 0, requests: 0, upgrades: 0 };
  server.httpServer.on('connection', () => seen.connections++);
  server.httpServer.on('request', () => seen.requests++);
  server.httpServer.on('upgrade', () => seen.upgrades++);
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, url: `https://127.0.0.1:${port}`, seen, dataDir };
}

function postJson(url: string, body: unknown, tls: ConnectionOptions) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpsRequest(
      url,
      { ...tls, method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject).end(JSON.stringify(body));
  });
}

describe('TLS with a pinned certificate', () => {
  it('HTTPS login and a socket.io-client socket work when the pin matches', async () => {
    const { server, url } = await tlsServer();
    try {
      const fingerprint = server.fingerprint ?? '';
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      const presented = await probeCertificate(url);
      expect(presented).toMatchObject({ fingerprint, authorized: false });

      const tls = await pinnedTlsOptions(url, fingerprint);
      expect(await getJsonPinned(`${url}/api/info`, tls)).toMatchObject({ name: 'Parley' });
      const account = { username: 'alice', password: 'correct horse' };
      const registered = await postJson(`${url}/api/register`, account, tls);
      expect(registered.status).toBe(201);

      const socket = io(url, {
        // socket.io-client takes the CA pin but not checkServerIdentity; the certificate's
        // names include 127.0.0.1, so the usual name check passes here.
        ca: String(tls.ca),
        rejectUnauthorized: true,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token: registered.body.token },
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
      socket.disconnect();
      // Without the pin, the same server is refused: a self-signed certificate is not trusted.
      await expect(getJsonPinned(`${url}/api/info`, {})).rejects.toThrow(/self-signed/);
    } finally {
      await server.close();
    }
  });

  it('refuses a server with another certificate, before any password or token is sent', async () => {
    const genuine = await tlsServer();
    const impostor = await tlsServer();
    try {
      const pin = genuine.server.fingerprint ?? '';
      const attempt = pinnedTlsOptions(impostor.url, pin);
      await expect(attempt).rejects.toBeInstanceOf(CertificateMismatch);
      await expect(attempt).rejects.toMatchObject({
        expected: pin,
        presented: impostor.server.fingerprint,
      });
      // The impostor saw one connection (the handshake) and nothing else: no HTTP request, no socket.
      expect(impostor.seen).toEqual({ connections: 1, requests: 0, upgrades: 0 });
    } finally {
      await Promise.all([genuine.server.close(), impostor.server.close()]);
    }
  });

  it('keeps the same certificate and fingerprint across restarts', async () => {
    const dataDir = tempDir();
    const first = await tlsServer(dataDir);
    const fingerprint = first.server.fingerprint;
    await first.server.close();
    const second = await tlsServer(dataDir);
    try {
      expect(second.server.fingerprint).toBe(fingerprint);
      expect((await probeCertificate(second.url))?.fingerprint).toBe(fingerprint);
      const { statSync } = await import('node:fs');
      expect(statSync(`${dataDir}/tls-key.pem`).mode & 0o777).toBe(0o600);
    } finally {
      await second.server.close();
    }
  });

  it('reports a plain-http server as not speaking TLS', async () => {
    const plain = createChatServer({ dataDir: tempDir(), logger: silentLogger });
    const { port } = await plain.listen(0, '127.0.0.1');
    try {
      expect(await probeCertificate(`https://127.0.0.1:${port}`)).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('inspecting a server before adding it (main process)', () => {
  it('shows a new server its certificate, knows a pinned one, and flags a changed one', async () => {
    const { server, url } = await tlsServer();
    try {
      const fingerprint = server.fingerprint ?? '';
      const typedWithoutScheme = url.replace('https:', 'http:');
      expect(await inspectServer(typedWithoutScheme, [])).toEqual({
        url,
        tls: true,
        fingerprint,
        authorized: false,
        name: 'Parley',
        serverId: server.serverId,
      });
      const pinned = [{ name: 'P', url, fingerprint }];
      expect((await inspectServer(url, pinned)).name).toBe('Parley');
      const stale = [{ name: 'P', url, fingerprint: 'f'.repeat(64) }];
      expect((await inspectServer(url, stale)).mismatch).toEqual({
        pinned: 'f'.repeat(64),
        presented: fingerprint,
        pinnedBy: url,
      });
      // A pin holds for the whole host: one saved for another port is compared too.
      const otherPort = [{ name: 'Q', url: 'https://127.0.0.1:1', fingerprint: 'f'.repeat(64) }];
      expect((await inspectServer(url, otherPort)).mismatch).toEqual({
        pinned: 'f'.repeat(64),
        presented: fingerprint,
        pinnedBy: 'https://127.0.0.1:1',
      });
    } finally {
      await server.close();
    }
  });

  it('reports a plain-http server as such', async () => {
    const plain = createChatServer({ dataDir: tempDir(), logger: silentLogger });
    const { port } = await plain.listen(0, '127.0.0.1');
    try {
      expect(await inspectServer(`http://127.0.0.1:${port}`, [])).toEqual({
        url: `http://127.0.0.1:${port}`,
        tls: false,
      });
    } finally {
      await plain.close();
    }
  });
});
