import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mergeStep } from '../../server/storage/sqlite/index-merges.js';
import type { ChatStore } from '../../server/storage/store.js';

/** A fixed-seed generator, so that every run searches the same messages. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const SYLLABLES = 'ka lo mi ne ru sa ti vo pe da fi go hu ja ze bo ly xi qu wa'.split(' ');

/**
 * `size` made-up words and a sampler that draws them by Zipf's law (s = 1): the first word is
 * drawn about as often as the next ten together, as "the" is in English; the rarest appear in a
 * few hundred of a million messages.
 */
export function vocabulary(size: number, next: () => number) {
  const words: string[] = [];
  const seen = new Set<string>();
  while (words.length < size) {
    const length = 1 + Math.floor(next() * 3) + (words.length > 50 ? 1 : 0);
    const word = Array.from({ length }, () => SYLLABLES[Math.floor(next() * 20)]).join('');
    if (seen.has(word)) continue;
    words.push(word);
    seen.add(word);
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((total += 1 / rank));
  const draw = (): string => {
    const target = next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] ?? '';
  };
  return { words, draw };
}

/** What the seeded messages hold, for choosing queries. */
export interface SearchCorpus {
  /** The vocabulary, most frequent first. */
  words: string[];
  /** Two words in a row from every 1,000th message: phrases that occur. */
  phrases: string[];
}

/**
 * Appends `count` messages spread over `roomIds` (a year of them, oldest first) by `authorIds`,
 * each 3 to 20 words of the vocabulary, in one transaction on a second connection to the
 * server's database; the index triggers fill the search index as for any insert.
 */
export function seedSearch(
  dataDir: string,
  { count, roomIds, authorIds }: { count: number; roomIds: number[]; authorIds: number[] },
): SearchCorpus {
  const next = random(13);
  const { words, draw } = vocabulary(5000, next);
  const db = new Database(join(dataDir, 'parley.db'));
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  const year = 365 * 86_400_000;
  const phrases: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const length = 3 + Math.floor(next() * 18);
      const text = Array.from({ length }, draw).join(' ');
      if (i % 1000 === 0) phrases.push(text.split(' ').slice(1, 3).join(' '));
      const room = roomIds[Math.floor(next() * roomIds.length)] ?? 1;
      const author = authorIds[Math.floor(next() * authorIds.length)] ?? 1;
      insert.run(room, author, text, `s${i}`, now - year + Math.floor((i / count) * year));
    }
  })();
  db.exec('UPDATE rooms SET last_message_id = (SELECT MAX(id) FROM messages)');
  // A server merges its index in steps after each batch until no level holds 4 segments
  // (index-merges.ts): the seeded index is left as those steps would leave it.
  const merged = mergeStep(db, 2000);
  while (merged());
  db.close();
  return { words, phrases };
}

/**
 * The search bench's database: `rooms` rooms (`searcherId` joins `joined` of them), 20 authors
 * in all of them, and `messages` messages seeded straight into the database.
 */
export async function seedSearchRooms(
  store: ChatStore,
  dataDir: string,
  searcherId: number,
  shape: { messages: number; rooms: number; joined: number },
) {
  const authorIds: number[] = [];
  for (let i = 0; i < 20; i++) {
    const username = `author${i}`;
    const outcome = await store.registerUser(
      { username, displayName: username, passwordHash: 'x' },
      { policy: 'open', now: Date.now(), setupVerified: true },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    authorIds.push(outcome.user.id);
  }
  const roomIds: number[] = [];
  for (let r = 0; r < shape.rooms; r++) {
    const createdBy = authorIds[r % authorIds.length] ?? 1;
    const room = await store.createRoom({
      name: `topic-${r}`,
      kind: 'public',
      createdBy,
      now: Date.now(),
    });
    if (!room.ok) throw new Error(room.reason);
    roomIds.push(room.room.id);
    for (const authorId of authorIds) await store.addMember(room.room.id, authorId);
    if (r < shape.joined) await store.addMember(room.room.id, searcherId);
  }
  const t0 = performance.now();
  const corpus = seedSearch(dataDir, { count: shape.messages, roomIds, authorIds });
  return { ...corpus, ms: Math.round(performance.now() - t0) };
}
