import { splitCode } from './shared/code-spans.js';
import type { MentionNames } from './storage/store.js';

/**
 * `@name` where a mention may start: not inside a word, an e-mail address or a path, and not
 * cut from a longer word (`@` and 33 letters mentions nobody). Usernames are 3 to 32 of
 * a-z 0-9 _ . - (schemas.ts), matched case-insensitively.
 */
const MENTION = /(?<![\p{L}\p{N}_.@/+-])@([a-z0-9_.-]{3,32})(?![a-z0-9_])/giu;
/** Who `@room` reaches: everyone in the room. */
export const ROOM_MENTION = 'room';

/**
 * The names a message mentions, outside code (code is shown as written and mentions nobody).
 * A name ending in `.` or `-` ("thanks @sam.") is also tried without it: the store keeps only
 * names that are members of the room, so the longer form costs nothing when nobody has it.
 */
export function parseMentions(text: string): MentionNames {
  // Most messages mention nobody: they skip the code scan on the send path.
  if (!text.includes('@')) return { names: [], room: false };
  const names = new Set<string>();
  let room = false;
  for (const part of splitCode(text)) {
    if (part.code) continue;
    for (const match of part.text.matchAll(MENTION)) {
      const name = (match[1] ?? '').toLowerCase();
      const trimmed = name.replace(/[.-]+$/, '');
      // "lunch @room." ends a sentence: it is `@room`, as "thanks @sam." is `@sam`.
      if (name === ROOM_MENTION || trimmed === ROOM_MENTION) {
        room = true;
        continue;
      }
      names.add(name);
      if (trimmed.length >= 3) names.add(trimmed);
    }
  }
  return { names: [...names], room };
}
