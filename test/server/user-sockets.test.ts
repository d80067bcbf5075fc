import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UserSockets } from '../../server/socket/user-sockets.js';
import type { IdentifiedSocket } from '../../server/socket/socket-identity.js';

/**
 * The middleware's view of a socket in its handshake: its id, its user, its connection. Built by
 * hand so that handshakes can be held between the cap's check and their connect at will; over
 * real sockets that window is a few ms (the room read) and a burst rarely lands inside it.
 */
function handshake(id: string, userId: number) {
  const conn = Object.assign(new EventEmitter(), { readyState: 'open' });
  const socket = {
    id,
    conn,
    data: { user: { id: userId } },
    on: () => socket,
  } as unknown as IdentifiedSocket;
  return { socket, conn };
}

/** What the middleware told the handshake: `ok`, or its error's code. */
function check(sockets: UserSockets, socket: IdentifiedSocket): string {
  let outcome = 'pending';
  sockets.check(socket, (error) => {
    outcome = error ? String((error as { data?: { code?: string } }).data?.code) : 'ok';
  });
  return outcome;
}

describe('the socket cap on one node', () => {
  it('counts handshakes that passed it and have not connected yet', () => {
    const sockets = new UserSockets(2);
    const [a, b, c] = [handshake('a', 7), handshake('b', 7), handshake('c', 7)];
    expect(check(sockets, a.socket)).toBe('ok');
    expect(check(sockets, b.socket)).toBe('ok');
    // Neither has connected yet: a third at the same moment is over the cap.
    expect(check(sockets, c.socket)).toBe('too_many_connections');
    // Another user's handshakes are their own.
    expect(check(sockets, handshake('d', 8).socket)).toBe('ok');
    // One connects (counted as open now, no longer as admitting): still 2 in all.
    sockets.track(a.socket);
    expect(check(sockets, c.socket)).toBe('too_many_connections');
    // Its close listener went with its place: none is left on a connected socket.
    expect(a.conn.listenerCount('close')).toBe(0);
    // One goes away mid-handshake: its place is free at once.
    b.conn.emit('close');
    expect(check(sockets, c.socket)).toBe('ok');
  });

  it('frees the place of a handshake a later step refused', () => {
    const sockets = new UserSockets(1);
    const a = handshake('a', 7);
    expect(check(sockets, a.socket)).toBe('ok');
    const refusing = sockets.settlingOnRefusal((_socket, next) => next(new Error('no rooms')));
    let refused: Error | undefined;
    refusing(a.socket, (error) => (refused = error));
    expect(refused?.message).toBe('no rooms');
    expect(a.conn.listenerCount('close')).toBe(0);
    expect(check(sockets, handshake('b', 7).socket)).toBe('ok');
  });

  it('stops counting a handshake that never ends, and lets go of its connection', async () => {
    const sockets = new UserSockets(1, undefined, 50);
    const a = handshake('a', 7);
    expect(check(sockets, a.socket)).toBe('ok');
    expect(check(sockets, handshake('b', 7).socket)).toBe('too_many_connections');
    expect(a.conn.listenerCount('close')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Past its time: its place is free, and its listener is off the connection that lives on.
    expect(check(sockets, handshake('c', 7).socket)).toBe('ok');
    expect(a.conn.listenerCount('close')).toBe(0);
  });
});
