import type { Message, TokenPair } from '../../server/protocol.js';
import { connect, register, request, startServer, type Client } from './helpers.js';

/** Every account joins `general` (room 1) when it registers. */
export const GENERAL = 1;

let sends = 0;

/** Sends to `general` unless `extra.roomId` says otherwise; throws when the send is refused. */
export async function send(
  socket: Client,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const clientId = `send-${++sends}`;
  const ack = await request(socket, 'message:send', { roomId: GENERAL, text, clientId, ...extra });
  if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
  return ack.message as Message;
}

/** Ids of a history page, oldest first. */
export const ids = (page: { messages: Message[] }) => page.messages.map((m) => m.id);

export interface Person {
  pair: TokenPair;
  id: number;
  socket: Client;
}

/**
 * A server (cheap password hashing, sends not rate limited) and people registered in order,
 * each connected once. The first is the server's owner.
 */
export async function people<const Names extends readonly string[]>(
  names: Names,
  options: Parameters<typeof startServer>[0] = {},
): Promise<{ url: string; people: { [K in keyof Names]: Person } }> {
  const { url } = await startServer({
    scryptCost: 1024,
    messageRate: { perSecond: 1000, burst: 1000 },
    eventRate: { perSecond: 1000, burst: 1000 },
    ...options,
  });
  const found: Person[] = [];
  for (const name of names) {
    const pair = await register(url, name);
    found.push({ pair, id: pair.user.id, socket: await connect(url, pair.token) });
  }
  return { url, people: found as { [K in keyof Names]: Person } };
}
