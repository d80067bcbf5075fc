import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { next, request } from './helpers.js';
import { GENERAL, people } from './message-helpers.js';
import { uploaded } from './file-helpers.js';

const sendRaw = (socket: Parameters<typeof request>[0], payload: Record<string, unknown>) =>
  request(socket, 'message:send', {
    roomId: GENERAL,
    text: '',
    clientId: `c${Math.random()}`.replace('.', ''),
    ...payload,
  });

describe('sending files', () => {
  it('refuses bad fileIds with clear codes', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const mine = await uploaded(url, alice.pair.token, 'one');
    const bobs = await uploaded(url, bob.pair.token, 'two');
    const refusal = async (payload: Record<string, unknown>) => {
      const ack = await sendRaw(alice.socket, payload);
      return [ack.ok, ack.error?.code];
    };
    expect(await refusal({ fileIds: ['../../etc/passwd'] })).toEqual([false, 'invalid_payload']);
    expect(await refusal({ fileIds: [mine.id, mine.id] })).toEqual([false, 'invalid_payload']);
    const eleven = Array.from(
      { length: 11 },
      (_, i) => `${'A'.repeat(20)}${String(i).padStart(2, '0')}`,
    );
    expect(await refusal({ fileIds: eleven })).toEqual([false, 'invalid_payload']);
    expect(await refusal({ fileIds: ['A'.repeat(22)] })).toEqual([false, 'not_found']);
    // Someone else's upload looks exactly like no upload at all.
    expect(await refusal({ fileIds: [bobs.id] })).toEqual([false, 'not_found']);
    // No files and no text: still an empty message.
    expect(await refusal({ fileIds: [] })).toEqual([false, 'invalid_payload']);
    // Nothing was attached by the refused sends: the file can still go.
    expect((await sendRaw(alice.socket, { fileIds: [mine.id] })).ok).toBe(true);
    const again = await sendRaw(alice.socket, { fileIds: [mine.id], text: 'once more' });
    expect([again.ok, again.error.code, again.error.message]).toEqual([
      false,
      'invalid_payload',
      expect.stringMatching(/sent with another message already/),
    ]);
  });

  it('keeps files in order with text and mentions, answers a resend with the same message', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const files = [];
    for (const name of ['c.txt', 'a.txt', 'b.txt'])
      files.push(await uploaded(url, alice.pair.token, name, name));
    const payload = {
      roomId: GENERAL,
      text: 'for @bob',
      clientId: 'with-files',
      fileIds: files.map((f) => f.id),
    };
    const first = await request(alice.socket, 'message:send', payload);
    expect(first.message.attachments.map((f: { name: string }) => f.name)).toEqual([
      'c.txt',
      'a.txt',
      'b.txt',
    ]);
    expect(first.message.mentions).toEqual([bob.id]);
    const resend = await request(alice.socket, 'message:send', payload);
    expect(resend).toEqual(first);
  });

  it('keeps attachments through edits and reactions, in history, threads and the change feed', async () => {
    const {
      url,
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const root = await sendRaw(alice.socket, { text: 'root' });
    const file = await uploaded(url, alice.pair.token, 'notes', 'notes.txt');
    const reply = await sendRaw(alice.socket, {
      threadId: root.message.id,
      fileIds: [file.id],
      text: 'in thread',
    });
    expect(reply.message.attachments).toEqual([file]);
    // The reply also updates its thread root (reply count), and that event can reach Bob
    // after Alice's ack: wait for the reply's own update.
    const heard = next<Message>(bob.socket, 'message:updated', (m) => m.id === reply.message.id);
    const edited = await request(alice.socket, 'message:edit', {
      messageId: reply.message.id,
      text: 'edited',
    });
    expect(edited.message.attachments).toEqual([file]);
    expect((await heard).attachments).toEqual([file]);
    await request(bob.socket, 'message:react', {
      messageId: reply.message.id,
      emoji: '👍',
      on: true,
    });
    const thread = await request(bob.socket, 'message:history', {
      roomId: GENERAL,
      threadId: root.message.id,
    });
    expect(thread.messages.at(-1).attachments).toEqual([file]);
    const changes = await request(bob.socket, 'message:changes', {
      rooms: [{ roomId: GENERAL, since: 0 }],
    });
    const changed = changes.messages.find((m: { id: number }) => m.id === reply.message.id);
    expect(changed.attachments).toEqual([file]);
  });
});
