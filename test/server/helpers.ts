import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEachTest } from '../each-test.js';
import type { ChatServer } from '../../server/create-chat-server.js';
import { openChatServer } from '../../server/open-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import type { ChatServerOptions } from '../../server/options.js';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  TokenPair,
} from '../../server/protocol.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real server on port 0 with a real SQLite file in a temp dir (or the `database` given). */
export interface TestServer {
  server: ChatServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEachTest(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A fresh temp data dir, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts a server; it is closed after the test. Registration and password hashing per address are
 * not rate limited unless asked (every test request comes from 127.0.0.1).
 */
export async function startServer(
  options: Partial<ChatServerOptions> = {},
  port = 0,
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const server = await openChatServer({
    logger: silentLogger,
    registerRate: { max: 10_000, windowMs: 60_000 },
    hashRate: { max: 10_000, windowMs: 60_000 },
    ...options,
    dataDir,
  });
  const address = await server.listen(port, '127.0.0.1');
  const close = () => server.close();
  cleanups.push(close);
  return { server, url: `http://127.0.0.1:${address.port}`, dataDir, close };
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request; `body` may be a string to send raw bytes. */
export async function http<T = any>(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      typeof init.body === 'string'
        ? init.body
        : init.body === undefined
          ? undefined
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

export async function register(
  url: string,
  username: string,
  extra: { displayName?: string; invite?: string; password?: string; setupCode?: string } = {},
): Promise<TokenPair> {
  const { password = 'correct horse', ...rest } = extra;
  const answer = await http<TokenPair>(url, '/api/register', {
    body: { username, password, ...rest },
  });
  if (answer.status !== 201)
    throw new Error(`register ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Opens a socket.io-client socket that does not reconnect on its own; closed after the test. */
export function openSocket(url: string, options: Parameters<typeof connectClient>[1] = {}): Client {
  const socket: Client = connectClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  cleanups.unshift(() => {
    socket.disconnect();
  });
  return socket;
}

/** Connects with a token and resolves once connected. */
export function connect(
  url: string,
  token: string,
  options: Parameters<typeof connectClient>[1] = {},
): Promise<Client> {
  const socket = openSocket(url, { auth: { token }, ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Resolves with the `connect_error` of a handshake that must be refused. */
export function refusal(
  url: string,
  options: Parameters<typeof connectClient>[1],
): Promise<{ message: string; code: string }> {
  const socket = openSocket(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('handshake was accepted')));
    socket.once('connect_error', (error: Error & { data?: { code: string } }) =>
      resolve({ message: error.message, code: error.data?.code ?? '(no code)' }),
    );
  });
}

/** The socket without event typing, for sending what the protocol forbids. */
export const untyped = (socket: Client): Socket => socket as unknown as Socket;

/** Emits an acknowledged event and resolves with the ack, failing after `timeoutMs`. */
export function request<T = any>(
  socket: Client,
  event: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<T> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves with the next `event` whose payload passes `accept`. */
export function next<T = any>(
  socket: Client,
  event: string,
  accept: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  const raw = socket as unknown as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      raw.off(event, listener);
      resolve(payload);
    };
    raw.on(event, listener);
  });
}

/** Resolves when the socket is disconnected, with the reason. */
export function disconnected(socket: Client, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
