/**
 * A bounded memo of verified tokens: get, set and delete, each O(1).
 *
 * Two generations: `set` puts an entry in the current one; when that holds half the limit, it
 * becomes the previous one and the old previous one is dropped whole. So the memo holds at most
 * `limit` entries and at least the `limit / 2` set most recently. A caller keeps an entry it still
 * uses by setting it again: `get` never moves anything (a token found expired is deleted, and
 * moving it first could start a new generation for nothing).
 *
 * It replaced one Map that evicted its oldest entry on every insert once full (`keys().next()`,
 * then `delete`). V8's ordered hash maps keep deleted entries as holes until they rehash, and the
 * iterator walks every hole at the front: each token the server had not seen before paid from
 * 1.5 to 25 µs more for it, growing as holes built up, at 10,000 entries
 * (docs/bench-connect-process-bias-2026-12-07.txt). Speed is measured there, not tested.
 */
export class TokenMemo<V extends object> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private readonly half: number;

  /** `limit`: the most entries held at once (both generations together), an integer ≥ 2. */
  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 2)
      throw new RangeError(`a token memo's limit must be an integer of at least 2, not ${limit}`);
    this.half = Math.floor(limit / 2);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: string): V | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  /** Adds or renews `key` in the current generation (taking it out of the previous one). */
  set(key: string, value: V): void {
    this.previous.delete(key);
    if (!this.current.has(key) && this.current.size >= this.half) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  delete(key: string): void {
    this.current.delete(key);
    this.previous.delete(key);
  }
}
