import { describe, expect, it } from 'vitest';
import type { Message, Room } from '../../server/protocol.js';
import { connect, next, register, request, startServer, type Client } from './helpers.js';

/** A server with these people registered, each with one open socket, in the order given. */
async function people<const N extends string[]>(...names: N): Promise<{ [K in keyof N]: Client }> {
  const { url } = await startServer();
  const sockets: Client[] = [];
  for (const name of names) sockets.push(await connect(url, (await register(url, name)).token));
  return sockets as { [K in keyof N]: Client };
}

const usernames = (room: Room) => room.members?.map((m) => m.username);

describe('group direct messages', () => {
  it('opens one conversation of three, the same room whatever the order or who opens it', async () => {
    const [alice, bob, carol, dave] = await people('alice', 'bob', 'carol', 'dave');
    const bobTold = next<{ room: Room }>(bob, 'room:updated');
    const carolTold = next<{ room: Room }>(carol, 'room:updated');
    const opened = await request(alice, 'dm:open', { usernames: ['carol', 'BOB'] });
    expect(opened.ok).toBe(true);
    const room: Room = opened.room;
    expect(room).toMatchObject({ kind: 'direct', memberCount: 3 });
    expect(usernames(room)).toEqual(['alice', 'bob', 'carol']);
    expect((await bobTold).room.id).toBe(room.id);
    expect((await carolTold).room.id).toBe(room.id);
    // Duplicates and the opener's own name change nothing.
    const again = await request(carol, 'dm:open', { usernames: ['bob', 'alice', 'carol', 'bob'] });
    expect(again.room.id).toBe(room.id);
    // A different set is a different conversation, and the pair of two is its own room too.
    const pair = (await request(alice, 'dm:open', { usernames: ['bob'] })).room;
    expect(pair.id).not.toBe(room.id);
    expect(usernames(pair)).toEqual(['alice', 'bob']);
    expect((await request(dave, 'room:join', { roomId: room.id })).error.code).toBe('not_found');
  });

  it('delivers a message to every member live, and to nobody else', async () => {
    const [alice, bob, carol, dave] = await people('alice', 'bob', 'carol', 'dave');
    const room: Room = (await request(alice, 'dm:open', { usernames: ['bob', 'carol'] })).room;
    const daveSaw: Message[] = [];
    dave.on('message', (m) => daveSaw.push(m));
    const got = [bob, carol].map((socket) =>
      next<Message>(socket, 'message', (m) => m.roomId === room.id),
    );
    const sent = { roomId: room.id, text: 'hi both', clientId: 'g1' };
    expect((await request(alice, 'message:send', sent)).ok).toBe(true);
    for (const message of await Promise.all(got)) expect(message.text).toBe('hi both');
    // Carol answers: alice and bob hear it.
    const aliceGets = next<Message>(alice, 'message', (m) => m.roomId === room.id);
    await request(carol, 'message:send', { roomId: room.id, text: 'hey', clientId: 'c1' });
    expect((await aliceGets).author.username).toBe('carol');
    expect(daveSaw).toEqual([]);
  });

  it('holds at most 8 people: 7 others is fine, 8 is invalid_payload', async () => {
    const names = ['alice', 'bob', 'carol', 'dave', 'eve', 'fay', 'gus', 'hal', 'ivy'] as const;
    const [alice] = await people(...names);
    const seven = names.slice(1, 8);
    const eight = await request(alice, 'dm:open', { usernames: seven });
    expect(eight.room.memberCount).toBe(8);
    const nine = await request(alice, 'dm:open', { usernames: names.slice(1) });
    expect(nine.error.code).toBe('invalid_payload');
    // Naming oneself among 7 others is still a group of 8.
    const withSelf = await request(alice, 'dm:open', { usernames: ['alice', ...seven] });
    expect(withSelf.room.id).toBe(eight.room.id);
    expect((await request(alice, 'dm:open', { usernames: [] })).error.code).toBe('invalid_payload');
    expect((await request(alice, 'dm:open', { usernames: ['alice'] })).error.code).toBe(
      'invalid_payload',
    );
  });

  it('names nobody when one name is unknown, and refuses a group with a block between any two', async () => {
    const [alice, bob, carol] = await people('alice', 'bob', 'carol');
    const unknown = await request(alice, 'dm:open', { usernames: ['bob', 'nobody'] });
    expect(unknown.error.code).toBe('not_found');
    expect(unknown.error.message).not.toContain('nobody');
    expect(await request(carol, 'user:block', { username: 'alice' })).toEqual({ ok: true });
    // Whoever opens it, blocker and bystander included, the group would put the two together.
    for (const opener of [alice, bob, carol]) {
      const refused = await request(opener, 'dm:open', { usernames: ['alice', 'bob', 'carol'] });
      expect(refused.error).toEqual({
        code: 'forbidden',
        message: 'This person is not taking direct messages from you.',
      });
    }
    // Between two people nothing changed: the blocker still opens their conversation.
    expect((await request(carol, 'dm:open', { usernames: ['alice'] })).ok).toBe(true);
    expect((await request(alice, 'dm:open', { usernames: ['carol'] })).error.code).toBe(
      'forbidden',
    );
    expect((await request(bob, 'dm:open', { usernames: ['alice'] })).ok).toBe(true);
  });

  it('adding someone opens the larger group; the old history stays with the old group', async () => {
    const [alice, bob, carol, dave] = await people('alice', 'bob', 'carol', 'dave');
    const old: Room = (await request(alice, 'dm:open', { usernames: ['bob', 'carol'] })).room;
    await request(bob, 'message:send', { roomId: old.id, text: 'before dave', clientId: 'b1' });
    const grown = await request(alice, 'dm:open', { usernames: ['bob', 'carol', 'dave'] });
    expect(grown.room.id).not.toBe(old.id);
    expect(usernames(grown.room)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect((await request(dave, 'message:history', { roomId: grown.room.id })).messages).toEqual(
      [],
    );
    expect((await request(dave, 'message:history', { roomId: old.id })).error.code).toBe(
      'not_member',
    );
    const kept = await request(carol, 'message:history', { roomId: old.id });
    expect(kept.messages.map((m: Message) => m.text)).toEqual(['before dave']);
  });
});
