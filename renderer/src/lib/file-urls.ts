import type { FileUrls } from '../../../server/protocol';

/** Asks the server (`file:urls`) for 1 to 50 files; undefined when it could not be asked. */
export type AskUrls = (fileIds: string[]) => Promise<FileUrls[] | undefined>;

/** The most ids one `file:urls` request may carry. */
export const URLS_PER_REQUEST = 50;
/**
 * How long a signed URL works from when the server signs it: fixed by the protocol (docs/
 * protocol.md, Files; FILE_URL_TTL_MS on the server, which the renderer cannot import).
 */
export const URL_LIFETIME_MS = 5 * 60_000;
/**
 * URLs this close to the end of their lifetime are asked for again: a fetch or a download
 * started with one must not outlive it. They are kept 4 of their 5 minutes.
 */
export const REFRESH_MARGIN_MS = 60_000;
/** A file the server left out stays "unavailable" this long before it is asked for again. */
export const UNAVAILABLE_MS = 60_000;

interface Entry {
  /** null: the server left the file out (not this user's to read, or gone). */
  urls: FileUrls | null;
  /** Until when the entry is used as it is. */
  until: number;
}
interface Waiting {
  promise: Promise<FileUrls | null>;
  resolve: (urls: FileUrls | null) => void;
  reject: (error: Error) => void;
}

/**
 * Signed URLs of files, per user, kept until shortly before they expire. Asks are batched: every
 * `get` of one tick goes out together, at most 50 ids a request, and a file asked for twice is
 * asked for once. A file the server leaves out resolves null ("File unavailable").
 */
export class FileUrlCache {
  private readonly entries = new Map<string, Entry>();
  /** Queued for the next batch, or in one that has not answered yet. */
  private readonly waiting = new Map<string, Waiting>();
  private queued: string[] = [];

  constructor(
    private readonly ask: AskUrls,
    private readonly now: () => number = Date.now,
  ) {}

  /** Fresh URLs for a file, null when unavailable; rejects when the server did not answer. */
  get(fileId: string): Promise<FileUrls | null> {
    const entry = this.entries.get(fileId);
    if (entry && entry.until > this.now()) return Promise.resolve(entry.urls);
    const known = this.waiting.get(fileId);
    if (known) return known.promise;
    let resolve!: Waiting['resolve'];
    let reject!: Waiting['reject'];
    const promise = new Promise<FileUrls | null>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    this.waiting.set(fileId, { promise, resolve, reject });
    this.queued.push(fileId);
    // The previews of one render all call get in the same tick: one request for all of them.
    if (this.queued.length === 1) setTimeout(() => this.flush(), 0);
    return promise;
  }

  /** Drops a file's URLs: a fetch with them was refused (access ended, or the URL expired). */
  forget(fileId: string): void {
    this.entries.delete(fileId);
  }

  private flush(): void {
    const ids = this.queued;
    this.queued = [];
    this.prune();
    for (let i = 0; i < ids.length; i += URLS_PER_REQUEST)
      void this.load(ids.slice(i, i + URLS_PER_REQUEST));
  }

  private async load(ids: string[]): Promise<void> {
    const askedAt = this.now();
    const urls = await this.ask(ids).catch(() => undefined);
    const byId = new Map(urls?.map((u) => [u.fileId, u]));
    for (const id of ids) {
      const waiting = this.waiting.get(id);
      this.waiting.delete(id);
      if (!urls) {
        waiting?.reject(new Error('The server did not answer.'));
        continue;
      }
      const found = byId.get(id) ?? null;
      // Not found.expiresAt - margin: expiresAt is by the server's clock, and this device's may
      // be minutes off (fast: nothing would be kept, every preview asking again; slow: expired
      // URLs would be used). The server signs after askedAt, so askedAt + the fixed lifetime,
      // both by this clock, is never later than the true expiry, whatever the skew.
      const until = askedAt + (found ? URL_LIFETIME_MS - REFRESH_MARGIN_MS : UNAVAILABLE_MS);
      this.entries.set(id, { urls: found, until });
      waiting?.resolve(found);
    }
  }

  /** Expired entries go, so that a long session does not keep every file it ever showed. */
  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.until <= now) this.entries.delete(id);
  }
}
