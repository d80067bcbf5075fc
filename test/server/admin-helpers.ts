import { expect } from 'vitest';
import type { TokenPair } from '../../server/protocol.js';
import {
  connect,
  register,
  request,
  startServer,
  type Client,
  type TestServer,
} from './helpers.js';

/** A person signed in with one open socket. */
export interface Person {
  pair: TokenPair;
  id: number;
  socket: Client;
}

/** Registers and connects. */
export async function person(url: string, username: string): Promise<Person> {
  const pair = await register(url, username);
  return { pair, id: pair.user.id, socket: await connect(url, pair.token) };
}

/** A server with its owner (the first account) and the given members, each connected. */
export async function serverWith(
  members: string[],
  options: Parameters<typeof startServer>[0] = {},
): Promise<{ srv: TestServer; owner: Person; people: Person[] }> {
  const srv = await startServer(options);
  const owner = await person(srv.url, 'owner');
  const people: Person[] = [];
  for (const name of members) people.push(await person(srv.url, name));
  return { srv, owner, people };
}

/** Emits and expects success; resolves with the ack. */
export async function ok<T = any>(socket: Client, event: string, payload: unknown): Promise<T> {
  const answer = await request(socket, event, payload);
  expect({ event, answer }).toMatchObject({ event, answer: { ok: true } });
  return answer as T;
}

/** Emits and resolves with the refusal's error code. */
export async function refused(socket: Client, event: string, payload: unknown): Promise<string> {
  const answer = await request(socket, event, payload);
  expect({ event, ok: answer.ok }).toEqual({ event, ok: false });
  return answer.error.code as string;
}
