import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newAvatarKey } from '../../server/people/avatar-files.js';
import type { Message, Profile } from '../../server/protocol.js';
import { download, png } from './file-helpers.js';
import { connect, http, next, register, request, sleep, startServer } from './helpers.js';
import { GENERAL, send } from './message-helpers.js';
import { quickServer } from './account-helpers.js';

/**
 * What an account deletion leaves behind (review findings #3 and #11): the picture on disk, the
 * invitations it sent, its reactions under the `delete` policy; and the sweep of avatar images
 * no account names, for a crash between the deletion and the image's removal.
 */
const fast = {
  messageRate: { perSecond: 1000, burst: 1000 },
  eventRate: { perSecond: 1000, burst: 1000 },
};
async function setAvatar(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/avatar`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(await png(64, 64)),
  });
  expect(response.status).toBe(200);
  const { user } = (await response.json()) as { user: Profile };
  if (!user.avatar) throw new Error('no avatar key');
  return user.avatar;
}

describe('account deletion cleans up', () => {
  it('its picture, its pending invitations and (under delete) its reactions', async () => {
    const { url, dataDir } = await quickServer(fast);
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const carol = await register(url, 'carol');
    const aliceSocket = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);
    const carolSocket = await connect(url, carol.token);

    const key = await setAvatar(url, bob.token);
    const image = join(dataDir, 'avatars', `${key}.webp`);
    expect(existsSync(image)).toBe(true);
    expect((await download(url, `/avatars/${key}`)).status).toBe(200);

    // A private room that outlives bob (alice is in it), and carol's pending invitation to it.
    const roomId = (await request(bobSocket, 'room:create', { name: 'plans', kind: 'private' }))
      .room.id as number;
    expect((await request(bobSocket, 'room:invite', { roomId, username: 'alice' })).ok).toBe(true);
    expect((await request(aliceSocket, 'invite:accept', { roomId })).ok).toBe(true);
    expect((await request(bobSocket, 'room:invite', { roomId, username: 'carol' })).ok).toBe(true);
    expect((await request(carolSocket, 'invites:list', {})).invitations).toHaveLength(1);

    // bob's reaction on alice's message, under the `delete` policy.
    const hers = await send(aliceSocket, 'from alice');
    const react = { messageId: hers.id, emoji: '👍', on: true };
    expect((await request(bobSocket, 'message:react', react)).ok).toBe(true);
    expect((await request(carolSocket, 'message:react', react)).ok).toBe(true);
    expect(
      (await request(aliceSocket, 'admin:settings-update', { deletedUserMessages: 'delete' })).ok,
    ).toBe(true);
    const before = (await request(aliceSocket, 'room:join', { roomId: GENERAL })).room
      .changeSeq as number;

    const withdrawn = next(carolSocket, 'invite:removed', (p) => p.roomId === roomId);
    const roomUpdate = next(aliceSocket, 'room:updated', (p) => p.room.id === GENERAL);
    const deleted = await http(url, '/api/account/delete', {
      token: bob.token,
      body: { password: 'correct horse' },
    });
    expect(deleted.status).toBe(204);

    expect(existsSync(image)).toBe(false);
    expect((await download(url, `/avatars/${key}`)).status).toBe(404);
    expect(await withdrawn).toEqual({ roomId });
    expect((await request(carolSocket, 'invites:list', {})).invitations).toEqual([]);
    expect((await request(carolSocket, 'invite:accept', { roomId })).ok).toBe(false);

    expect((await roomUpdate).room.changeSeq).toBeGreaterThan(before);
    const feed = await request(aliceSocket, 'message:changes', {
      rooms: [{ roomId: GENERAL, since: before }],
    });
    const changed = (feed.messages as Message[]).find((m) => m.id === hers.id);
    expect(changed?.text).toBe('from alice');
    expect(changed?.reactions).toEqual([
      expect.objectContaining({ emoji: '👍', count: 1, userIds: [carol.user.id] }),
    ]);
  });

  it('sweeps avatar images no account names, at start, leaving new ones and tmp', async () => {
    const first = await quickServer();
    const { dataDir } = first;
    const alice = await register(first.url, 'alice');
    const named = await setAvatar(first.url, alice.token);
    await first.close();

    const dir = join(dataDir, 'avatars');
    const file = (name: string) => join(dir, name);
    const orphan = newAvatarKey(); // as if the process died after a deletion committed
    const fresh = newAvatarKey(); // as if an upload were between storing and naming it
    writeFileSync(file(`${orphan}.webp`), 'old');
    writeFileSync(file(`${fresh}.webp`), 'new');
    writeFileSync(file('not-a-key.webp'), 'other');
    const inTmp = `tmp/${newAvatarKey()}.webp`;
    mkdirSync(file('tmp'), { recursive: true });
    writeFileSync(file(inTmp), 'in flight');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of [`${orphan}.webp`, `${named}.webp`, 'not-a-key.webp', inTmp])
      utimesSync(file(name), twoHoursAgo, twoHoursAgo);

    await startServer({ dataDir, scryptCost: 1024 });
    for (let i = 0; i < 100 && existsSync(file(`${orphan}.webp`)); i++) await sleep(50);
    expect(existsSync(file(`${orphan}.webp`))).toBe(false);
    for (const name of [`${named}.webp`, `${fresh}.webp`, 'not-a-key.webp', inTmp])
      expect(existsSync(file(name)), name).toBe(true);
  });
});
