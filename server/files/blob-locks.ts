/**
 * Serialises work on blobs by hash, within this process. Uploads share blobs (identical files
 * have one), so "store the blob, then add its row" must not interleave with "the last row went,
 * delete the blob": the delete could land between the other upload's store and its row, and
 * leave a row without bytes. Every put and delete of a blob runs under its hash's lock.
 */
export class BlobLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `job` holding the locks of all `hashes` (taken in sorted order: no deadlock). */
  async with<T>(hashes: ReadonlyArray<string | undefined>, job: () => Promise<T>): Promise<T> {
    const keys = [...new Set(hashes.filter((h): h is string => h !== undefined))].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of keys) releases.push(await this.take(key));
      return await job();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async take(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    return () => {
      release();
      // The last holder leaves no entry behind: the map holds only hashes in use.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
