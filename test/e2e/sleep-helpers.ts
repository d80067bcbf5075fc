import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';
import { createChatServer } from '../../server/create-chat-server';
import { silentLogger } from '../../server/logger';
import { SleepLine } from '../sleep-line';
import { expect } from './fixtures';

/*
 * For sleep-resume.spec.ts: a real server whose access tokens live 5 s, behind a SleepLine, and
 * bob, who writes straight at the server while the page's line sleeps.
 */

/** The access tokens' lifetime, in seconds; a sleep lasts 2 s longer. */
export const TTL_SEC = 5;
export const ASLEEP_MS = (TTL_SEC + 2) * 1000;

/** A real server (its own web client) behind a line that can sleep; the page uses the line. */
export async function sleepyServer(
  options: { refreshTokenTtlSec?: number; trustedOrigins?: string[] } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-sleep-'));
  const server = createChatServer({
    dataDir,
    name: 'Sleepy',
    webRoot: resolve('dist/renderer'),
    logger: silentLogger,
    accessTokenTtlSec: TTL_SEC,
    expiringNoticeSec: 2,
    // A token refreshed every 3 s would pass the default per-session refresh limit.
    sessionRefreshRate: { max: 1000, windowMs: 60_000 },
    ...options,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const line = await SleepLine.open(url);
  const dispose = async () => {
    await line.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, line, dispose };
}

/** bob signs in afresh (tokens are short) and sends `lines` to #general; the server's ids. */
export async function bobSends(url: string, lines: string[]): Promise<number[]> {
  const body = JSON.stringify({ username: 'bob', password: 'correct horse' });
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const { token } = (await login.json()) as { token: string };
  const bob = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  const ids: number[] = [];
  for (const text of lines) {
    const clientId = text.replaceAll(' ', '-');
    const answer = (await bob
      .timeout(5000)
      .emitWithAck('message:send', { roomId: 1, text, clientId })) as {
      ok: boolean;
      message: { id: number };
    };
    expect(answer.ok).toBe(true);
    ids.push(answer.message.id);
  }
  bob.disconnect();
  return ids;
}

/** Registers bob, or `username` (straight at the server, not through the line). */
export async function registerBob(url: string, username = 'bob') {
  const answer = await fetch(`${url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'correct horse' }),
  });
  expect(answer.status).toBe(201);
}

/**
 * The sleep: the line cut, bob writing meanwhile (before and after alice's access token
 * expires), then the line back. `around` runs as the network goes and comes back (the browser's
 * own view of it). The ids bob was given.
 */
export async function sleepThrough(
  line: SleepLine,
  url: string,
  around?: (asleep: boolean) => Promise<void>,
): Promise<number[]> {
  line.sleep();
  await around?.(true);
  const early = await bobSends(url, ['asleep 1', 'asleep 2']);
  await new Promise((done) => setTimeout(done, ASLEEP_MS));
  const late = await bobSends(url, ['asleep 3', 'asleep 4']);
  line.wake();
  await around?.(false);
  return [...early, ...late];
}
