/**
 * Child script (run in the guest namespace by lan.test.ts): what the desktop app's Node side
 * does with a pinned server (main/tls/pinned-tls.ts), across the namespace link.
 *
 * - `chat <origin> <fingerprint> <setupCode>`: pins the certificate, reads /api/info, registers
 *   two people over HTTPS and has one send a message over WSS that the other receives.
 * - `impostor <origin> <fingerprint> <pinnedCertFile>`: tries the pinned certificate's way in
 *   against whatever answers at `origin` now; prints how each attempt was refused.
 * Prints one `{"event":"chat"|"impostor",...}` line and exits.
 */
import './namespace-only';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { io, type Socket } from 'socket.io-client';
import {
  getJsonPinned,
  pinnedTlsOptions,
  probeCertificate,
  trustOnly,
} from '../../main/tls/pinned-tls';
import type { Message, TokenPair } from '../../server/protocol';

const [mode, origin = '', fingerprint = '', extra = ''] = process.argv.slice(2);
const print = (report: object) => process.stdout.write(`${JSON.stringify(report)}\n`);
const failure = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message }
    : { message: String(error) };

/** A JSON POST over a pinned connection; rejects unless the answer is a 2xx. */
function postJsonPinned(url: string, tls: ConnectionOptions, body: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json' };
    const req = httpsRequest(url, { ...tls, method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        if (ok) resolve(JSON.parse(text));
        else reject(new Error(`POST ${url}: HTTP ${res.statusCode} ${text}`));
      });
    });
    req.on('error', reject).end(JSON.stringify(body));
  });
}

/** A socket.io-client socket over WSS that trusts only the pinned certificate. */
function pinnedSocket(tls: ConnectionOptions, token: string): Promise<Socket> {
  // engine.io-client hands checkServerIdentity on to `ws` too, though its types omit it.
  const trust = {
    ca: String(tls.ca),
    rejectUnauthorized: tls.rejectUnauthorized,
    checkServerIdentity: tls.checkServerIdentity,
  };
  const socket = io(origin, {
    ...trust,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => (socket.disconnect(), reject(error)));
  });
}

async function chat(): Promise<object> {
  const tls = await pinnedTlsOptions(origin, fingerprint);
  const info = await getJsonPinned(`${origin}/api/info`, tls);
  const account = (username: string, setupCode?: string) =>
    postJsonPinned(`${origin}/api/register`, tls, {
      username,
      password: 'correct horse',
      ...(setupCode ? { setupCode } : {}),
    }) as Promise<TokenPair>;
  const alice = await account('alice', extra);
  const bob = await account('bob');
  const [aliceSocket, bobSocket] = await Promise.all([
    pinnedSocket(tls, alice.token),
    pinnedSocket(tls, bob.token),
  ]);
  const received = new Promise<Message>((resolve) => bobSocket.once('message', resolve));
  const ack: unknown = await aliceSocket
    .timeout(5000)
    .emitWithAck('message:send', { roomId: 1, text: 'hello across the link', clientId: 'c1' });
  const message = await received;
  aliceSocket.disconnect();
  bobSocket.disconnect();
  return { info, roles: [alice.user.role, bob.user.role], ack, received: message };
}

async function impostor(): Promise<object> {
  const pinned = trustOnly(readFileSync(extra, 'utf8'));
  const settle = (attempt: Promise<unknown>) =>
    attempt.then(
      (value) => ({ accepted: value }),
      (error: unknown) => failure(error),
    );
  return {
    // What answers there now, as someone adding the server would see it.
    presented: await probeCertificate(origin),
    // Adding or reconnecting: the probe compares fingerprints before anything is sent.
    probe: await settle(pinnedTlsOptions(origin, fingerprint)),
    // Already pinned: HTTPS and WSS that trust only the pinned certificate fail the handshake.
    https: await settle(getJsonPinned(`${origin}/api/info`, pinned)),
    wss: await settle(
      pinnedSocket(pinned, 'any-token').then((socket) => {
        socket.disconnect();
        return 'connected';
      }),
    ),
  };
}

try {
  if (mode === 'chat') print({ event: 'chat', ...(await chat()) });
  else if (mode === 'impostor') print({ event: 'impostor', ...(await impostor()) });
  else throw new Error(`unknown mode ${mode}`);
  process.exit(0);
} catch (error) {
  print({ event: 'error', ...failure(error) });
  process.exit(1);
}
