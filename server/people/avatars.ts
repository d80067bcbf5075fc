import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { ChatError } from '../errors.js';
import { serverClosing } from '../files/image-jobs.js';
import { ImageWorker } from '../files/image-process.js';
import { imageFormat } from '../files/images.js';
import { JobSlots } from '../files/job-slots.js';
import { receiveBody, tempPath, tooLarge } from '../files/upload-body.js';
import { TrackedUploads } from '../files/tracked-uploads.js';
import { UPLOAD_LIMITS } from '../files/upload-limits.js';
import { liftBodyDeadline } from '../http/body-deadline.js';
import type { Logger } from '../logger.js';
import { ErrorCode, MAX_AVATAR_BYTES, type Profile } from '../protocol.js';
import type { IdentifiedIo } from '../socket/socket-identity.js';
import type { ProfileStore } from '../storage/profile-store.js';
import type { AvatarFiles } from './avatar-files.js';
import { AvatarSweep } from './avatar-sweep.js';
import { announceProfile } from './announce.js';
import { spendProfileChange } from './profile-limits.js';

/** Avatars being made at once, server-wide: one image job, in the low-priority worker. */
const AVATAR_JOBS = 1;
const WHY = 'Avatars are limited';
/**
 * Avatar uploads being received or made at once, server-wide. Each holds a socket and up to
 * 5 MiB in `avatars/tmp` while it waits for the one image job: past it, `rate_limited`.
 */
export const AVATAR_UPLOADS_AT_ONCE = 8;
/** How long a client told "too many avatar uploads at once" is asked to wait. */
const BUSY_RETRY_MS = 2_000;

/**
 * Setting and clearing avatars: receives an upload into `avatars/tmp` (as file uploads are
 * received: bounded in size, idle time and speed), sniffs its type from the bytes, makes the
 * square WebP in the image worker, stores it under a new key, points the profile at it, deletes
 * the image it replaced and tells everyone. One upload per user at a time, and at most
 * `AVATAR_UPLOADS_AT_ONCE` on the server; each change spends one of the user's profile changes
 * and one of the server's (profile-limits.ts).
 */
export class Avatars {
  readonly limits = { ...UPLOAD_LIMITS };
  private readonly worker = new ImageWorker();
  private readonly slots = new JobSlots(AVATAR_JOBS);
  /** One change of a user's at a time (upload or clear), awaited by stop(). */
  private readonly tracked = new TrackedUploads(1);
  /** Uploads in flight, everyone's (clearing an avatar is not counted: it holds nothing). */
  private uploading = 0;
  /** Keys stored and not yet named by their profile: the sweep leaves them alone. */
  private readonly placing = new Set<string>();
  /** Removes images no account names (a crash between a change and its image's deletion). */
  readonly sweeper: AvatarSweep;

  constructor(
    private readonly store: ProfileStore,
    private readonly io: IdentifiedIo,
    readonly files: AvatarFiles,
    logger: Pick<Logger, 'warn'>,
  ) {
    this.sweeper = new AvatarSweep(store, files, this.placing, logger);
  }

  /**
   * Sweeps images no account names now and hourly. The folders are made by the first upload,
   * not here: a server nobody gave a picture has no `avatars` folder.
   */
  start(): void {
    this.sweeper.start();
  }

  /** Takes an avatar upload of `userId` from `req` (see `POST /api/avatar`). */
  async upload(req: IncomingMessage, userId: number): Promise<Profile> {
    if (this.uploading >= AVATAR_UPLOADS_AT_ONCE)
      throw new ChatError(
        ErrorCode.rateLimited,
        'Too many pictures are being uploaded just now; try again in a moment.',
        BUSY_RETRY_MS,
      );
    this.uploading++;
    try {
      return await this.receive(req, userId);
    } finally {
      this.uploading--;
    }
  }

  /** One upload, counted in `uploading`. */
  private async receive(req: IncomingMessage, userId: number): Promise<Profile> {
    return this.tracked.run(userId, async () => {
      await spendProfileChange(this.io, userId);
      if (Number(req.headers['content-length'] ?? 0) > MAX_AVATAR_BYTES)
        throw tooLarge(MAX_AVATAR_BYTES, WHY);
      await this.files.open();
      // Every check passed: from here the body is bounded by its pace, not the deadline.
      liftBodyDeadline(req);
      const { tempDir } = this.files;
      const body = await receiveBody(req, tempDir, MAX_AVATAR_BYTES, WHY, this.limits.idleMs);
      const out = tempPath(tempDir, '.webp');
      try {
        // Loaded on first use, as sharp is (files/sharp-lib.ts): start-up does not pay for it.
        const { fileTypeFromFile } = await import('file-type');
        const sniffed = await fileTypeFromFile(body.path);
        const format = imageFormat(sniffed?.mime);
        if (!format)
          throw new ChatError(ErrorCode.invalidPayload, 'Not a PNG, JPEG, GIF or WebP image.');
        await this.slots.run(() => this.worker.runAvatar(body.path, format, out));
        if (this.tracked.closing) throw serverClosing();
        const key = await this.files.put(out);
        this.placing.add(key);
        try {
          return await this.point(userId, key);
        } finally {
          this.placing.delete(key);
        }
      } finally {
        await Promise.all([rm(body.path, { force: true }), rm(out, { force: true })]);
      }
    });
  }

  /** Goes back to initials (see `DELETE /api/avatar`). */
  async clear(userId: number): Promise<Profile> {
    return this.tracked.run(userId, async () => {
      await spendProfileChange(this.io, userId);
      return this.point(userId, null);
    });
  }

  /**
   * Takes no more uploads, ends the worker and the sweep, and waits (a while) for uploads in
   * flight.
   */
  async stop(): Promise<void> {
    await this.tracked.close(() => Promise.all([this.worker.stop(), this.sweeper.stop()]));
  }

  /** Points the profile at `key`, deletes the image it replaced, and tells everyone. */
  private async point(userId: number, key: string | null): Promise<Profile> {
    const changed = await this.store.setAvatar(userId, key);
    if (!changed) {
      await this.files.remove(key);
      throw new ChatError(ErrorCode.notFound, 'This account no longer exists.');
    }
    // The old image goes only once no profile names it; a failure leaves a file, never a hole.
    if (changed.previous !== key) await this.files.remove(changed.previous).catch(() => {});
    if (changed.previous !== key) announceProfile(this.io, changed.profile);
    return changed.profile;
  }
}
