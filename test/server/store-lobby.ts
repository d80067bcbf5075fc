import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from './helpers.js';

/**
 * A real store in a temp dir with `usernames` registered in order (the first is the owner) and
 * a public room, `lobby`, made by the first and joined by the others: the setting of the store
 * tests that race a write against a change committing at once.
 */
export async function storeLobby(usernames: string[]) {
  const dataDir = tempDir();
  const store = openSqliteStore(dataDir);
  const rule = { policy: 'open' as const, now: Date.now(), setupVerified: true };
  const users = [];
  for (const username of usernames) {
    const made = await store.registerUser(
      { username, displayName: username, passwordHash: 'x' },
      rule,
    );
    if (!made.ok) throw new Error(`registering ${username} failed`);
    users.push(made.user);
  }
  const [owner, ...others] = users;
  if (!owner) throw new Error('needs a user');
  const made = await store.createRoom({
    name: 'lobby',
    kind: 'public',
    createdBy: owner.id,
    now: Date.now(),
  });
  if (!made.ok) throw new Error(made.reason);
  for (const other of others) await store.addMember(made.room.id, other.id);
  return { store, users, roomId: made.room.id, dataDir };
}
