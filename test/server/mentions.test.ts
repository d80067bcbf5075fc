import { describe, expect, it } from 'vitest';
import { register, request } from './helpers.js';
import { people, send } from './message-helpers.js';

describe('mentions', () => {
  it('name the members an @username mentions, however it is written', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const mentioned = async (text: string) => (await send(alice.socket, text)).mentions;
    expect(await mentioned('@bob look')).toEqual([bob.id]);
    expect(await mentioned('hey @BOB')).toEqual([bob.id]);
    expect(await mentioned('thanks @bob.')).toEqual([bob.id]);
    expect(await mentioned('@bob, @carol!')).toEqual([bob.id, carol.id]);
    expect(await mentioned('(@carol) @carol')).toEqual([carol.id]);
    // Nobody: an unknown name, the author, e-mail addresses, paths, too-short names.
    for (const text of ['@nobody', '@alice', 'a@bob.com', 'bob@bob.com', 'x.com/@bob', '@bo'])
      expect(await mentioned(text), text).toBeUndefined();
  });

  it('leave code alone', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob']);
    for (const text of ['`@bob`', 'see ``x @bob y``', '```\n@bob\n```', '~~~\n@room\n~~~']) {
      const message = await send(alice.socket, text);
      expect(message.text).toBe(text);
      expect(message, text).not.toHaveProperty('mentions');
      expect(message, text).not.toHaveProperty('mentionsRoom');
    }
    expect((await send(alice.socket, '`code` then @bob')).mentions).toEqual([bob.id]);
  });

  it('count only members of the room, and follow edits', async () => {
    const {
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol']);
    const secret = await request(alice.socket, 'room:create', { name: 'secret', kind: 'private' });
    const roomId = secret.room.id;
    expect(await request(alice.socket, 'room:invite', { roomId, username: 'bob' })).toEqual({
      ok: true,
    });
    await request(bob.socket, 'invite:accept', { roomId });
    const message = await send(alice.socket, '@carol @bob', { roomId });
    expect(message.mentions).toEqual([bob.id]);
    const edited = await request(alice.socket, 'message:edit', {
      messageId: message.id,
      text: 'just @carol',
    });
    expect(edited.message).not.toHaveProperty('mentions');
    const inGeneral = await send(bob.socket, 'hi @alice');
    const renamed = await request(bob.socket, 'message:edit', {
      messageId: inGeneral.id,
      text: 'hi @carol',
    });
    expect(renamed.message.mentions).toEqual([carol.id]);
  });

  it('@room mentions everyone', async () => {
    const {
      people: [alice],
    } = await people(['alice', 'bob']);
    for (const text of ['@room', 'lunch @room!', 'meeting now, @room.', '@ROOM'])
      expect((await send(alice.socket, text)).mentionsRoom, text).toBe(true);
    expect(await send(alice.socket, 'a@room.com')).not.toHaveProperty('mentionsRoom');
  });

  it('@room in a room of over 50 is the owner’s alone, on send and on edit', async () => {
    const {
      url,
      people: [owner, member],
    } = await people(['owner', 'member']);
    for (let i = 0; i < 48; i++) await register(url, `user${i}`);
    // 50 members: still open to everyone.
    const open = await send(member.socket, 'fifty @room');
    expect(open.mentionsRoom).toBe(true);
    await register(url, 'user48');
    const refused = await request(member.socket, 'message:send', {
      roomId: 1,
      text: 'wake up @room',
      clientId: 'big',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const plain = await send(member.socket, 'plain');
    const edit = await request(member.socket, 'message:edit', {
      messageId: plain.id,
      text: '@room',
    });
    expect(edit).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await send(owner.socket, 'announcement @room')).mentionsRoom).toBe(true);
  });
});
