import { describe, expect, it } from 'vitest';
import type { ChatStore } from '../../server/storage/store.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import {
  connect,
  disconnected,
  openSocket,
  register,
  request,
  startServer,
  tempDir,
} from './helpers.js';

/**
 * A socket whose user joined or left a room while it was being admitted rereads its rooms once
 * connected. When that reread fails (the database is unreachable), its channels may be those
 * of a room the user has left: the socket is dropped, never kept with them.
 */
describe('a failed reread of rooms after a handshake', () => {
  it('drops the socket and logs why', async () => {
    const dataDir = tempDir();
    const real = openSqliteStore(dataDir);
    // The real store, with its room reads steered: the first read of a marked handshake waits
    // until the test lets it go; the read after it (the reread) fails.
    let hold: Promise<void> | undefined;
    let failNext = false;
    const store = new Proxy(real, {
      get(target, key) {
        if (key === 'memberRoomIds')
          return async (userId: number) => {
            if (failNext) {
              failNext = false;
              throw new Error('database unreachable');
            }
            const ids = await target.memberRoomIds(userId);
            const waiting = hold;
            hold = undefined;
            if (waiting) {
              await waiting;
              failNext = true;
            }
            return ids;
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as ChatStore;
    const errors: string[] = [];
    const { url } = await startServer({
      dataDir,
      store,
      scryptCost: 1024,
      logger: { info: () => {}, warn: () => {}, error: (message) => errors.push(message) },
    });
    const owner = await register(url, 'owner');
    const carol = await register(url, 'carol');
    const ownerSocket = await connect(url, owner.token);
    const made = await request(ownerSocket, 'room:create', { name: 'plans', kind: 'public' });
    const carolHere = await connect(url, carol.token);

    let release = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    const carolThere = openSocket(url, { auth: { token: carol.token } });
    // While her second socket's handshake holds its rooms, she joins one on her first.
    while (hold !== undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await request(carolHere, 'room:join', { roomId: made.room.id })).ok).toBe(true);
    const dropped = disconnected(carolThere);
    release();
    expect(await dropped).toBe('transport close');
    expect(errors).toContain('socket: rejoining rooms failed');
    // The server and her first socket carry on.
    expect(carolHere.connected).toBe(true);
    expect((await request(carolHere, 'rooms:list', { joined: true })).ok).toBe(true);
  });
});
