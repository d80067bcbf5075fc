import { onTestFinished } from 'vitest';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { ChatClient } from '../../renderer/src/lib/chat-client.js';
import type { ChatState } from '../../renderer/src/lib/chat-state.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import type { ChatServerOptions } from '../../server/options.js';
import { SleepLine } from '../sleep-line.js';
import { connect, http, register, request, startServer } from '../server/helpers.js';
import { until } from './client-helpers.js';

/*
 * For the wake tests (wake.test.ts, wake-network.test.ts): alice's real ChatClient behind a
 * SleepLine to a real server, and bob, who writes straight at the server.
 */

/** Connected, with #general loaded. */
export const ready = (s: ChatState) =>
  s.connection.kind === 'connected' && s.rooms[1]?.loaded === true;
// A token refreshed every second or so would pass the default per-session refresh limit.
export const manyRefreshes = { sessionRefreshRate: { max: 1000, windowMs: 60_000 } };

/** alice's real ChatClient, reaching a real server through a line that can sleep; bob writes. */
export async function aliceThroughLine(options: Partial<ChatServerOptions> = {}, port = 0) {
  const server = await startServer({ ...manyRefreshes, ...options }, port);
  const line = await SleepLine.open(server.url);
  onTestFinished(() => line.close());
  const pair = await register(server.url, 'alice');
  const store = new MemoryTokenStore();
  const session = await Session.start(new ApiClient(line.url), store, pair, false);
  const client = new ChatClient(session, { transports: ['websocket'] });
  onTestFinished(() => client.stop());
  const refused: string[] = [];
  client.socket.on('connect_error', (error: Error & { data?: { code?: string } }) =>
    refused.push(error.data?.code ?? error.message),
  );
  client.start();
  await until(client, ready);
  await register(server.url, 'bob');
  return { server, line, client, session, store, refused };
}

/** bob signs in afresh (his own token may have expired meanwhile) and sends `lines` to #general. */
export async function bobSends(url: string, lines: string[]): Promise<number[]> {
  const login = await http(url, '/api/login', {
    body: { username: 'bob', password: 'correct horse' },
  });
  const bob = await connect(url, login.body.token);
  const ids: number[] = [];
  for (const text of lines) {
    const clientId = text.replaceAll(' ', '-');
    const answer = await request(bob, 'message:send', { roomId: 1, text, clientId });
    if (!answer.ok) throw new Error(`bob's "${text}" refused: ${JSON.stringify(answer.error)}`);
    ids.push(answer.message.id);
  }
  bob.disconnect();
  return ids;
}
