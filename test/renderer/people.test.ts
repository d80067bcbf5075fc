import { describe, expect, it, vi } from 'vitest';
import type { ClientToServerEvents } from '../../server/protocol.js';
import { People, PEOPLE_DEBOUNCE_MS } from '../../renderer/src/lib/people.js';
import type { Requester } from '../../renderer/src/lib/room-directory.js';
import { request as ask } from '../../renderer/src/lib/socket-request.js';
import { connect, http, register, request, sleep, startServer } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

const connected = (s: { connection: { kind: string } }) => s.connection.kind === 'connected';

/** A requester over a real socket that records every `users:get` it sends. */
function recording(socket: Parameters<typeof ask>[0]) {
  const asked: number[][] = [];
  const requester: Requester = (event, payload) => {
    if (event === 'users:get')
      asked.push([...(payload as Parameters<ClientToServerEvents['users:get']>[0]).userIds]);
    return ask(socket, event, payload);
  };
  return { asked, requester };
}

describe('People (the client profile cache) against a real server', () => {
  it('asks for the ids wanted together in batches of at most 100, each id once', async () => {
    const { url } = await startServer();
    const { client } = await signedInClient(url, 'alice');
    const bob = await register(url, 'bob', { displayName: 'Bob B' });
    client.start();
    await until(client, connected);
    const { asked, requester } = recording(client.socket);
    const people = new People(requester);

    // 150 ids (only two exist) and a repeat, within one debounce window: two requests.
    people.want(Array.from({ length: 150 }, (_, i) => i + 1));
    people.want([1, 2, bob.user.id]);
    expect(asked).toEqual([]); // debounced: nothing yet
    await vi.waitFor(() => expect(people.get(bob.user.id)?.displayName).toBe('Bob B'));
    expect(asked.map((ids) => ids.length).sort((a, b) => b - a)).toEqual([100, 50]);
    expect(new Set(asked.flat()).size).toBe(150);
    expect(people.get(1)?.username).toBe('alice');
    expect(people.get(bob.user.id)?.status).toEqual({ emoji: '', text: '' });
    expect(people.get(99)).toBeUndefined(); // unknown: left out

    // Held and unknown ids are not asked for again.
    people.want([1, bob.user.id, 99]);
    await sleep(PEOPLE_DEBOUNCE_MS * 4);
    expect(asked).toHaveLength(2);
    // The current name replaces a stale ref's.
    expect(people.ref({ id: bob.user.id, username: 'bob', displayName: 'Old' }).displayName).toBe(
      'Bob B',
    );
  });

  it('follows user:updated live: the cache, and the names held in messages and me', async () => {
    const { url } = await startServer();
    const { client } = await signedInClient(url, 'alice');
    const bobPair = await register(url, 'bob', { displayName: 'Bob' });
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    const bob = await connect(url, bobPair.token);
    await request(bob, 'message:send', { roomId: 1, text: 'hi', clientId: 'c1' });
    await until(client, (s) => s.rooms[1]?.messages.some((m) => m.text === 'hi') === true);
    client.people.want([bobPair.user.id]);
    await vi.waitFor(() => expect(client.people.get(bobPair.user.id)).toBeDefined());
    const before = client.people.getVersion();

    const updated = await request(bob, 'profile:update', {
      displayName: 'Robert',
      status: { emoji: '🌴', text: 'On holiday' },
    });
    expect(updated.user.displayName).toBe('Robert');
    const state = await until(
      client,
      (s) => s.rooms[1]?.messages.find((m) => m.text === 'hi')?.author.displayName === 'Robert',
    );
    expect(client.people.get(bobPair.user.id)?.status).toEqual({
      emoji: '🌴',
      text: 'On holiday',
    });
    expect(client.people.getVersion()).toBeGreaterThan(before);
    expect(state.me.displayName).toBe('alice');

    // My own rename reaches my `me`, which the sidebar and my messages' labels read.
    const self = await ask(client.socket, 'profile:update', { displayName: 'Alice A' });
    expect(self.ok).toBe(true);
    await until(client, (s) => s.me.displayName === 'Alice A');
  });

  it('a deleted account arrives as deleted, and the names held say "Deleted user"', async () => {
    const { url } = await startServer();
    const { client } = await signedInClient(url, 'alice');
    const bobPair = await register(url, 'bob', { displayName: 'Bob' });
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    const bob = await connect(url, bobPair.token);
    await request(bob, 'message:send', { roomId: 1, text: 'bye', clientId: 'c1' });
    await until(client, (s) => s.rooms[1]?.messages.some((m) => m.text === 'bye') === true);

    const gone = await http(url, '/api/account/delete', {
      body: { password: 'correct horse' },
      token: bobPair.token,
    });
    expect(gone.status).toBe(204);
    const state = await until(
      client,
      (s) =>
        s.rooms[1]?.messages.find((m) => m.text === 'bye')?.author.displayName === 'Deleted user',
    );
    expect(state.rooms[1]?.messages.find((m) => m.text === 'bye')?.author.id).toBe(bobPair.user.id);
    expect(client.people.get(bobPair.user.id)?.deleted).toBe(true);
  });
});
