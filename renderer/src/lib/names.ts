import type { UserRef } from '../../../server/protocol';
import type { RoomState } from './chat-state';
import { lookAlikeKeys, visibleName, type LookAlikeKeys } from '../../../server/shared/name-rules';

/**
 * People's names as this client shows them. The server refuses invisible and bidi-control
 * characters in names (server/names.ts), but a server from before that rule, or a hostile one,
 * can still send them: they are taken out here, and the UI puts names in `<bdi>` so that a
 * right-to-left name cannot reorder the text around it. Anyone can take anyone's display name,
 * so where two people in view have names that look alike, both show their usernames.
 */

/** A name with invisible, formatting and control characters taken out (emoji selectors kept). */
export const shownName = visibleName;

/**
 * The confusables table is most of the client's size (about 65 KB of 170 KB gzipped), so it is
 * fetched after the first screen. Until it is here names are compared case-folded and NFKC
 * only; screens that show names wait for {@link confusablesLoaded} and then compare again.
 */
let confusables: ((text: string) => string) | undefined;
/** Settles once look-alike letters from other scripts are recognised too. */
export const confusablesLoaded: Promise<void> = import('unhomoglyph').then(
  (module) => {
    confusables = module.default;
    keyCache.clear();
  },
  () => undefined, // offline after the first load: names compare without the table
);

const keyCache = new Map<string, LookAlikeKeys>();

/**
 * The look-alike keys of a name, as server/names.ts computes them: the TR39 confusable skeleton
 * of the NFKC, case-folded name, and of the name as written (capital I looks like small l).
 */
export function nameKeys(name: string): LookAlikeKeys {
  const known = keyCache.get(name);
  if (known) return known;
  const keys = lookAlikeKeys(name, confusables ?? ((text) => text));
  // Lists re-render often and show the same few names: each is worked out once.
  if (keyCache.size >= 5000) keyCache.clear();
  keyCache.set(name, keys);
  return keys;
}

/** "Alice (@alice)": a person named beyond doubt, as notifications always name them. */
export function fullName(user: UserRef): string {
  return `${shownName(user.displayName) || user.username} (@${user.username})`;
}

/** Everyone a room shows: me, who is online and typing, the authors of its messages. */
export function peopleInView(room: RoomState, me: UserRef): UserRef[] {
  return [
    me,
    ...room.online,
    ...room.typing,
    ...(room.room.members ?? []),
    ...room.messages.map((m) => m.author),
  ];
}

/**
 * Names for the people in view: the display name alone, or with the username when someone
 * else in view has a display name or username that looks like it.
 */
export class NameLabels {
  /** Look-alike key → ids of the people in view whose display name or username has it. */
  private readonly holders = new Map<string, Set<number>>();

  constructor(people: Iterable<UserRef>) {
    const byId = new Map<number, UserRef>();
    for (const person of people) byId.set(person.id, person);
    for (const person of byId.values()) {
      for (const name of [person.displayName, person.username]) {
        for (const key of keyList(name)) {
          const ids = this.holders.get(key) ?? new Set<number>();
          ids.add(person.id);
          this.holders.set(key, ids);
        }
      }
    }
  }

  /** True when the display name alone could be taken for someone else in view (or is blank). */
  needsUsername(user: UserRef): boolean {
    if (!shownName(user.displayName)) return true;
    return keyList(user.displayName).some((key) =>
      [...(this.holders.get(key) ?? [])].some((id) => id !== user.id),
    );
  }

  /** "Alice", or "Alice (@alice)" where that is needed. */
  label = (user: UserRef): string =>
    this.needsUsername(user) ? fullName(user) : shownName(user.displayName);
}

const keyList = (name: string) => {
  const { folded, shape } = nameKeys(name);
  return [`f:${folded}`, `s:${shape}`];
};
