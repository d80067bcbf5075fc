import type { ChatStore } from '../../server/storage/store.js';

/** A fixed-seed generator, so that every run replays the same changes. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const EMOJIS = ['👍', '🎉', '❤️', '😂', '👀', '🚀', '✅', '🙏'];
const none = { names: [], room: false };

/**
 * Seeding for the change feed bench, through the real store (the same write path as the
 * socket handlers, group commit included): `rooms` rooms holding both users, each with
 * `messages` messages by the first user.
 */
export async function seedRooms(
  store: ChatStore,
  users: Array<{ id: number }>,
  { rooms, messages }: { rooms: number; messages: number },
) {
  const [author, reader] = users;
  if (!author || !reader) throw new Error('needs two users');
  const messageIds: number[] = [];
  for (let r = 0; r < rooms; r++) {
    const created = await store.createRoom({
      name: `feed-${r}-${Date.now()}`,
      kind: 'public',
      createdBy: author.id,
      now: Date.now(),
    });
    if (!created.ok) throw new Error(created.reason);
    await store.addMember(created.room.id, reader.id);
    const sent = await Promise.all(
      Array.from({ length: messages }, (_, i) =>
        store.appendMessage({
          roomId: created.room.id,
          authorId: author.id,
          text: `message ${i} of room ${r}`,
          clientId: `feed-${created.room.id}-${i}`,
          createdAt: Date.now(),
          mentions: none,
        }),
      ),
    );
    for (const outcome of sent) if ('message' in outcome) messageIds.push(outcome.message.id);
  }
  return messageIds;
}

/**
 * Replays `changes` edits (half), reactions (four in ten, on and off) and deletions (one in
 * ten) on random seeded messages, as the people who stayed would have made them.
 */
export async function replayChanges(
  store: ChatStore,
  users: Array<{ id: number }>,
  messageIds: number[],
  changes: number,
) {
  const next = random(12);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
  const [author] = users;
  if (!author) throw new Error('needs the seeding users');
  let done = 0;
  const batch: Array<Promise<unknown>> = [];
  for (let i = 0; i < changes; i++) {
    const messageId = pick(messageIds);
    const roll = next();
    const now = Date.now();
    if (roll < 0.5)
      batch.push(store.editMessage({ messageId, text: `edit ${i}`, mentions: none, now }));
    else if (roll < 0.9)
      batch.push(
        store.react({
          messageId,
          userId: pick(users).id,
          emoji: pick(EMOJIS),
          on: next() < 0.7,
          now,
        }),
      );
    // Every seeded message is by the first user (seedRooms): deleted by its author.
    else batch.push(store.deleteMessage(messageId, now, author.id));
    // A few hundred at a time: what a busy server's group commit sees.
    if (batch.length >= 200) done += (await Promise.all(batch.splice(0))).length;
  }
  done += (await Promise.all(batch)).length;
  return done;
}
