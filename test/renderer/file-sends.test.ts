import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { emptyRoom } from '../../renderer/src/lib/chat-state.js';
import { PendingSends } from '../../renderer/src/lib/pending-sends.js';
import { request } from '../../renderer/src/lib/socket-request.js';
import { StateStore } from '../../renderer/src/lib/state-store.js';
import { connect, register, startServer } from '../server/helpers.js';
import { uploadBytes } from './file-helpers.js';

/** Alice's pending sends in #general against a real server, and two files she uploaded. */
async function setUp(options: Parameters<typeof startServer>[0] = {}) {
  const { url } = await startServer(options);
  const alice = await register(url, 'alice');
  const socket = await connect(url, alice.token);
  const general = { id: 1, name: 'general', kind: 'public' as const, joined: true };
  const store = new StateStore({
    me: alice.user,
    serverUrl: url,
    connection: { kind: 'connected' },
    rooms: { 1: emptyRoom({ ...general, memberCount: 1, lastMessageId: 0, changeSeq: 0 }) },
    activeRoomId: 1,
    invitations: [],
    blocked: [],
    thread: null,
  });
  const stored: Message[] = [];
  const sends = new PendingSends(
    store,
    (event, payload) => request(socket, event, payload),
    () => true,
    (m) => stored.push(m),
  );
  const files = [
    await uploadBytes(url, alice.token, 'plan.txt', Buffer.from('the plan\n')),
    await uploadBytes(url, alice.token, 'notes.txt', Buffer.from('the notes\n')),
  ];
  const pending = () => store.get().rooms[1]?.pending ?? [];
  return { sends, stored, pending, files };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
};

describe('sending files', () => {
  it('sends files without text: pending with them at once, stored with them in order', async () => {
    const { sends, stored, pending, files } = await setUp();
    sends.send(1, '', { attachments: files });
    expect(pending()[0]).toMatchObject({ text: '', status: 'sending', attachments: files });
    await until(() => stored.length === 1);
    expect(stored[0]?.text).toBe('');
    expect(stored[0]?.attachments?.map((a) => a.name)).toEqual(['plan.txt', 'notes.txt']);
  });

  it('retries a failed send of files with the same clientId: stored once, files and all', async () => {
    const { sends, stored, pending, files } = await setUp({
      messageRate: { perSecond: 1, burst: 1 },
    });
    sends.send(1, 'first');
    sends.send(1, '', { attachments: files });
    await until(() => pending().some((p) => p.status === 'failed'));
    const failed = pending().find((p) => p.status === 'failed');
    expect(failed?.attachments).toEqual(files);
    await new Promise((r) => setTimeout(r, 1100));
    sends.retry(1, failed!.clientId);
    sends.retry(1, failed!.clientId);
    await until(() => stored.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    const withFiles = stored.filter((m) => m.attachments?.length);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]?.clientId).toBe(failed?.clientId);
    expect(withFiles[0]?.attachments?.map((a) => a.id)).toEqual(files.map((f) => f.id));
  });
});
