import type { Logger } from '../logger.js';
import type { ProfileStore } from '../storage/profile-store.js';
import type { AvatarFiles } from './avatar-files.js';

/** How often images no account names are looked for. */
const SWEEP_EVERY_MS = 60 * 60_000;
/**
 * Images younger than this are left alone: an upload stores its image under its new key just
 * before the profile names it, and that step takes well under a second.
 */
export const ORPHAN_AVATAR_MS = 60 * 60_000;
/** Keys asked about per store call. */
const BATCH = 500;

/**
 * Removes avatar images that no account names: left when the process died between a change
 * (a new picture, a removal, an account deletion) committing and the old image's deletion, or
 * when that deletion failed. Runs once at start, then hourly (the timer keeps no process up);
 * `avatars/tmp` is never looked at (Avatars cleans it on opening).
 */
export class AvatarSweep {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Pick<ProfileStore, 'avatarsInUse'>,
    private readonly files: AvatarFiles,
    /** Keys stored and not yet named by their profile (an upload in flight): never removed. */
    private readonly placing: ReadonlySet<string>,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Sweeps once now, then every hour. */
  start(): void {
    this.schedule();
    this.timer ??= setInterval(() => this.schedule(), SWEEP_EVERY_MS).unref();
  }

  /** Stops the timer and waits for a sweep in progress, so that the store can close. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Removes images written before `now - ORPHAN_AVATAR_MS` that no account names; how many. */
  async sweep(now = Date.now()): Promise<number> {
    const old = (await this.files.list())
      .filter((image) => now - image.mtimeMs > ORPHAN_AVATAR_MS && !this.placing.has(image.key))
      .map((image) => image.key);
    let removed = 0;
    for (let i = 0; i < old.length; i += BATCH) {
      const batch = old.slice(i, i + BATCH);
      const named = new Set(await this.store.avatarsInUse(batch));
      for (const key of batch) {
        if (named.has(key) || this.placing.has(key)) continue;
        await this.files.remove(key);
        removed++;
      }
    }
    return removed;
  }

  private schedule(): void {
    this.sweeping = this.sweeping
      .then(() => this.sweep())
      .catch((error: unknown) => this.logger.warn('avatars: sweeping failed', error));
  }
}
