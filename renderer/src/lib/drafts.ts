/** The part of the Web Storage API drafts need; tests pass an in-memory stand-in. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where a draft is being written: a room, or a thread (by its root) in a room. */
export interface DraftPlace {
  roomId: number;
  threadId?: number;
}

/**
 * Unsent text, kept per room and per thread, so that it is still there after switching rooms
 * or reloading the window. Stored under one key per server, user and place:
 * `parley.draft.<serverUrl>.<userId>.<roomId>[.t<rootId>]`, so that two accounts (or two
 * servers) in one browser never see each other's drafts. Storage that fails (full, or blocked
 * by the browser's privacy settings) only loses the draft: typing must never break over it.
 */
export class Drafts {
  private readonly prefix: string;

  constructor(
    private readonly storage: DraftStorage | undefined,
    serverUrl: string,
    userId: number,
  ) {
    this.prefix = `parley.draft.${serverUrl}.${userId}.`;
  }

  /** The storage key of one place's draft. */
  key(place: DraftPlace): string {
    return `${this.prefix}${place.roomId}${place.threadId === undefined ? '' : `.t${place.threadId}`}`;
  }

  /** The draft kept for the place, '' if none. */
  get(place: DraftPlace): string {
    try {
      return this.storage?.getItem(this.key(place)) ?? '';
    } catch {
      return '';
    }
  }

  /** Keeps the text as the place's draft; blank text removes the draft instead of storing it. */
  set(place: DraftPlace, text: string): void {
    try {
      if (text.trim() === '') this.storage?.removeItem(this.key(place));
      else this.storage?.setItem(this.key(place), text);
    } catch {
      // Full or blocked storage: the draft lives only as long as the composer shows it.
    }
  }

  /** Forgets the place's draft (it was sent). */
  clear(place: DraftPlace): void {
    this.set(place, '');
  }
}

/** The window's localStorage, or nothing where it is missing or access to it throws. */
export function browserStorage(): DraftStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
