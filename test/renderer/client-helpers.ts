import { afterEachTest } from '../each-test.js';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { ChatClient } from '../../renderer/src/lib/chat-client.js';
import type { ChatState } from '../../renderer/src/lib/chat-state.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import { register } from '../server/helpers.js';

const clients: ChatClient[] = [];
afterEachTest(() => {
  while (clients.length > 0) clients.pop()?.stop();
});

/** Registers a user and starts a real ChatClient for them against a real server. */
export async function signedInClient(url: string, username: string) {
  const pair = await register(url, username);
  const store = new MemoryTokenStore();
  const session = await Session.start(new ApiClient(url), store, pair, false);
  const client = new ChatClient(session);
  clients.push(client);
  return { client, session, store, pair };
}

/** Resolves once the client's state passes `test`, checking on every change. */
export function until(
  client: ChatClient,
  test: (state: ChatState) => boolean,
  timeoutMs = 8000,
): Promise<ChatState> {
  return new Promise((resolve, reject) => {
    if (test(client.getState())) return resolve(client.getState());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`state never matched; last: ${JSON.stringify(summary(client.getState()))}`));
    }, timeoutMs);
    const stop = client.subscribe(() => {
      if (!test(client.getState())) return;
      clearTimeout(timer);
      stop();
      resolve(client.getState());
    });
  });
}

function summary(state: ChatState) {
  return {
    connection: state.connection,
    ended: state.ended,
    rooms: Object.values(state.rooms).map((r) => ({
      id: r.room.id,
      messages: r.messages.map((m) => m.text),
      pending: r.pending.map((p) => `${p.text}:${p.status}`),
      unread: r.unread,
    })),
  };
}

export const texts = (state: ChatState, roomId = 1) =>
  state.rooms[roomId]?.messages.map((m) => m.text) ?? [];
