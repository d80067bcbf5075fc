import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { ChatClient } from '../../renderer/src/lib/chat-client.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import { connect, request } from '../server/helpers.js';
import { until } from '../renderer/client-helpers.js';
import { CliServer } from '../cli-server.js';
import { loginToken, seedUsers } from './seed.js';
import { scale } from './scale.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

describe('restart with clients connected', () => {
  it('every client reconnects on its own, catches up, and ends with the server’s history', async () => {
    const server = new CliServer();
    cleanup.push(() => server.dispose());
    const count = scale(5, 20);
    const names = Array.from({ length: count + 1 }, (_, i) => `reader${i}`);
    await seedUsers(server.dataDir, names);
    await server.start();
    const clients: ChatClient[] = [];
    for (const name of names.slice(1)) {
      const api = new ApiClient(server.url);
      const session = await Session.start(
        api,
        new MemoryTokenStore(),
        await api.login({ username: name, password: 'correct horse' }),
        false,
      );
      const client = new ChatClient(session, { transports: ['websocket'] });
      cleanup.push(() => client.stop());
      clients.push(client);
      client.start();
    }
    await Promise.all(
      clients.map((c) =>
        until(c, (s) => s.connection.kind === 'connected' && s.rooms[1]?.loaded === true),
      ),
    );

    const writer = await connect(server.url, await loginToken(server.url, names[0] ?? ''));
    await request(writer, 'message:send', { roomId: 1, text: 'before the crash', clientId: 'w0' });
    await server.kill();
    await Promise.all(clients.map((c) => until(c, (s) => s.connection.kind === 'reconnecting')));
    await server.start();
    const writer2 = await connect(server.url, await loginToken(server.url, names[0] ?? ''));
    const burst = scale(20, 200);
    for (let i = 1; i <= burst; i++) {
      await request(writer2, 'message:send', { roomId: 1, text: `after ${i}`, clientId: `w${i}` });
      if (i % 9 === 0) await new Promise((resolve) => setTimeout(resolve, 1000)); // per-user rate limit
    }
    const truth = await request(writer2, 'message:history', { roomId: 1, after: 0, limit: 100 });
    const ids: number[] = truth.messages.map((m: { id: number }) => m.id);
    let more = truth.hasMore;
    while (more) {
      const page = await request(writer2, 'message:history', {
        roomId: 1,
        after: ids[ids.length - 1],
        limit: 100,
      });
      ids.push(...page.messages.map((m: { id: number }) => m.id));
      more = page.hasMore;
    }
    for (const client of clients) {
      const state = await until(
        client,
        (s) => (s.rooms[1]?.messages.length ?? 0) >= ids.length,
        40_000,
      );
      expect(state.rooms[1]?.messages.map((m) => m.id)).toEqual(ids);
    }
  }, 180_000);
});
