import type { Profile, UserRef } from '../../../server/protocol';
import type { Requester } from './room-directory';

/** The most ids one `users:get` may carry. */
export const PROFILES_PER_REQUEST = 100;
/** Ids asked for within this many milliseconds go out together. */
export const PEOPLE_DEBOUNCE_MS = 30;
/** An id the server left out (unknown) is not asked for again for this long. */
const UNKNOWN_MS = 60_000;

/**
 * Profiles of the people this client shows, by id: asked for in batches (`users:get`, at most
 * 100 ids a request, every id asked for within a few milliseconds together, each id once) and
 * kept live by `user:updated`. Messages keep only the author's `UserRef`; the UI shows the
 * current name and avatar from here, falling back to the ref until the profile has arrived.
 */
export class People {
  private readonly profiles = new Map<number, Profile>();
  /** Asked for (queued or in flight), or left out by the server until then. */
  private readonly asked = new Map<number, number>();
  private queued = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  /** Changes on every change, for `useSyncExternalStore`. */
  private version = 0;

  constructor(
    private readonly ask: Requester,
    private readonly now: () => number = Date.now,
  ) {}

  /** The profile, if it has arrived. */
  get(userId: number): Profile | undefined {
    return this.profiles.get(userId);
  }

  /** The person as they are now: the ref with the current name, or the ref itself. */
  ref(user: UserRef): UserRef {
    const known = this.profiles.get(user.id);
    if (!known) return user;
    if (known.displayName === user.displayName && known.username === user.username) return user;
    return { id: user.id, username: known.username, displayName: known.displayName };
  }

  /** Asks for the profiles not held yet (batched); cheap to call on every render. */
  want(userIds: Iterable<number>): void {
    const now = this.now();
    for (const id of userIds) {
      if (this.profiles.has(id) || (this.asked.get(id) ?? 0) > now) continue;
      this.asked.set(id, Number.POSITIVE_INFINITY);
      this.queued.add(id);
    }
    if (this.queued.size > 0 && this.timer === undefined)
      this.timer = setTimeout(() => this.flush(), PEOPLE_DEBOUNCE_MS);
  }

  /** Everyone held is asked for again: `user:updated` events may have been missed offline. */
  refreshAll(): void {
    const ids = [...this.profiles.keys()];
    for (const id of ids) this.asked.delete(id);
    for (const id of ids) this.queued.add(id);
    if (ids.length > 0 && this.timer === undefined)
      this.timer = setTimeout(() => this.flush(), PEOPLE_DEBOUNCE_MS);
  }

  /** A profile as the server sent it (`user:updated`, or an answer of ours). */
  apply(profile: Profile): void {
    this.profiles.set(profile.id, profile);
    this.asked.delete(profile.id);
    this.changed();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getVersion = (): number => this.version;

  /** Stops a pending batch (the client is stopping). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.queued) this.asked.delete(id);
    this.queued.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const ids = [...this.queued];
    this.queued = new Set();
    for (let i = 0; i < ids.length; i += PROFILES_PER_REQUEST)
      void this.load(ids.slice(i, i + PROFILES_PER_REQUEST));
  }

  private async load(ids: number[]): Promise<void> {
    const answer = await this.ask('users:get', { userIds: ids });
    if (!answer.ok) {
      // No answer (offline): asked for again the next time someone shows them.
      for (const id of ids) this.asked.delete(id);
      return;
    }
    const until = this.now() + UNKNOWN_MS;
    for (const id of ids) this.asked.set(id, until);
    for (const profile of answer.users) {
      this.profiles.set(profile.id, profile);
      this.asked.delete(profile.id);
    }
    if (answer.users.length > 0) this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
