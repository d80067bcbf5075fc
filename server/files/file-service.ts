import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { requireAllowed } from '../auth/rate-limit.js';
import { SharedBucketLimiter } from '../auth/shared-bucket.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';
import { liftBodyDeadline } from '../http/body-deadline.js';
import type { ResolvedOptions } from '../options.js';
import type { Attachment } from '../protocol.js';
import type { FileRecordStore, StoredFile } from '../storage/file-records.js';
import { BlobLocks } from './blob-locks.js';
import type { FileStore } from './file-store.js';
import { ImageWorker } from './image-process.js';
import { serverClosing } from './image-jobs.js';
import { IMAGE_TYPES, imageFormat } from './images.js';
import { JobSlots } from './job-slots.js';
import { receiveBody, tempPath, tooLarge } from './upload-body.js';
import { TrackedUploads } from './tracked-uploads.js';
import { UPLOAD_LIMITS, type UploadLimits } from './upload-limits.js';

/** A file that no live message carries is removed once it is this old. */
export const UNSENT_FILE_MS = 24 * 60 * 60_000;
/**
 * Image jobs (decode, re-encode, thumbnail) at once, whatever the number of uploads. Both go to
 * the one worker process, where each has one libvips thread.
 */
const IMAGE_JOBS = 2;
/** Files pruned per transaction: one prune never holds the database for long. */
const PRUNE_BATCH = 500;
/** Temp files older than this are left from a crash or a lost request. */
const STALE_TEMP_MS = 60 * 60_000;
/** Blobs no file names that are older than this are left from a crash, and removed. */
const ORPHAN_BLOB_MS = 60 * 60_000;
/** Blobs looked at per prune, from where the last one stopped: the same cost at any size. */
const SWEEP_BLOBS = 1000;

type Options = Pick<ResolvedOptions, 'maxFileBytes' | 'fileQuotaBytes' | 'uploadRate'>;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Uploads and their lifetime: receives a body into `<files>/tmp`, sniffs its type from the bytes,
 * cleans images (sharp in a worker process, at most IMAGE_JOBS at once), stores the blobs and
 * the row (quota checked there, atomically), and prunes files no live message carries.
 */
export class FileService {
  readonly tempDir: string;
  /** This server's upload limits (a copy of UPLOAD_LIMITS as they were when it was made). */
  readonly limits: Readonly<UploadLimits> = { ...UPLOAD_LIMITS };
  private readonly locks = new BlobLocks();
  private readonly images = new JobSlots(IMAGE_JOBS);
  private readonly worker = new ImageWorker();
  private readonly uploads: SharedBucketLimiter;
  /** Every upload not yet settled, at most `limits.perUser` a user: close() waits for them. */
  private readonly tracked = new TrackedUploads(this.limits.perUser);
  private opened: Promise<unknown> | undefined;
  /** The last blob the previous prune looked at (hash order); undefined: start at the first. */
  private sweptTo: string | undefined;

  constructor(
    private readonly store: FileRecordStore,
    private readonly blobs: FileStore,
    filesDir: string,
    private readonly options: Options,
    /** With several nodes: the upload rate holds across all of them. */
    budgets?: SharedBudgets,
  ) {
    this.tempDir = join(filesDir, 'tmp');
    this.uploads = new SharedBucketLimiter('uploads', options.uploadRate, budgets);
  }

  /** Creates the temp folder (mode 0700) if needed; the first upload does it otherwise. */
  async open(): Promise<void> {
    await (this.opened ??= mkdir(this.tempDir, { recursive: true, mode: 0o700 }));
  }

  /**
   * Takes one upload of `userId` from `req`: `too_large` past `maxFileBytes` or the quota left
   * (up front from Content-Length, else while streaming), `rate_limited` past `uploadRate` or
   * with `limits.perUser` uploads of theirs in flight already, `internal_error` once closing.
   */
  async upload(req: IncomingMessage, userId: number, name: string): Promise<Attachment> {
    // Counted in flight before the rate: a refusal for being busy costs none of the allowance.
    return this.tracked.run(userId, async () => {
      requireAllowed(await this.uploads.spend(userId), 'Too many uploads; wait a moment.');
      return this.take(req, userId, name);
    });
  }

  private async take(req: IncomingMessage, userId: number, name: string): Promise<Attachment> {
    const { maxFileBytes, fileQuotaBytes } = this.options;
    const left = fileQuotaBytes - (await this.store.fileBytesUsed(userId));
    const limit = Math.min(maxFileBytes, Math.max(0, left));
    const why = left < maxFileBytes ? 'Your file storage is nearly full' : 'Files are limited';
    if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(limit, why);
    await this.open();
    // Only now, every check passed, does the body lose the deadline of all request bodies: a
    // refused one (no token, over the rate or the quota) stays bounded by it.
    liftBodyDeadline(req);
    const { idleMs } = this.limits;
    const body = await receiveBody(req, this.tempDir, limit, why, idleMs, this.limits);
    const temps = [body.path];
    try {
      // Loaded on first use, as sharp is (files/sharp-lib.ts): start-up does not pay for it.
      const { fileTypeFromFile } = await import('file-type');
      const sniffed = await fileTypeFromFile(body.path);
      const format = imageFormat(sniffed?.mime);
      const file: StoredFile = {
        id: randomBytes(16).toString('base64url'),
        name,
        size: body.size,
        type: sniffed?.mime ?? 'application/octet-stream',
        sha256: body.sha256,
        uploaderId: userId,
        createdAt: Date.now(),
      };
      let path = body.path;
      let thumb: string | undefined;
      if (format) {
        // The original (with its EXIF and GPS) is never stored: only the re-encoded copy.
        [path, thumb] = [tempPath(this.tempDir), tempPath(this.tempDir)];
        temps.push(path, thumb);
        const [out, small] = [path, thumb];
        file.image = await this.images.run(() => this.worker.run(body.path, format, out, small));
        file.type = IMAGE_TYPES[format];
        file.size = (await stat(path)).size;
        // Re-encoded, an image can come out larger than it went in: what is stored must fit.
        if (file.size > limit)
          throw tooLarge(limit, `${why} (this image is ${file.size} bytes once cleaned)`);
        file.sha256 = await sha256Of(path);
        file.thumbSha256 = await sha256Of(thumb);
      }
      // Closing: the connection is gone already (the server closes them first), so nobody would
      // read the answer; and the store is about to close.
      if (this.tracked.closing) throw serverClosing();
      const added = await this.locks.with([file.sha256, file.thumbSha256], async () => {
        let added = false;
        try {
          await this.blobs.put(path, file.sha256);
          if (thumb && file.thumbSha256) await this.blobs.put(thumb, file.thumbSha256);
          added = await this.store.addFile(file, fileQuotaBytes);
          return added;
        } finally {
          // No row (over the quota, or adding it failed): the blobs put here may be nobody's.
          // Should this fail too (the store closed under us), prune's sweep removes them later.
          if (!added) await this.dropUnused([file.sha256, file.thumbSha256]).catch(() => {});
        }
      });
      // Another upload of the same user was added first (the quota is checked again, atomically).
      if (!added) throw tooLarge(fileQuotaBytes, 'Your file storage is full');
      const { id, size, type, image } = file;
      return image ? { id, name, size, type, image } : { id, name, size, type };
    } finally {
      await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    }
  }

  /**
   * Removes files uploaded before `now - UNSENT_FILE_MS` that no live message carries, and their
   * blobs once no file uses them; then temp files left over, and blobs that no file names (see
   * sweepBlobs). Resolves with the files removed.
   */
  async prune(now = Date.now()): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.store.pruneFiles({
        before: now - UNSENT_FILE_MS,
        limit: PRUNE_BATCH,
      });
      removed += batch.files;
      for (const sha of batch.blobs) await this.locks.with([sha], () => this.dropUnused([sha]));
      if (batch.files < PRUNE_BATCH) break;
    }
    for (const name of await readdir(this.tempDir).catch(() => [])) {
      const temp = join(this.tempDir, name);
      const age = now - (await stat(temp).catch(() => ({ mtimeMs: now }))).mtimeMs;
      if (age > STALE_TEMP_MS) await rm(temp, { force: true });
    }
    await this.sweepBlobs(now);
    return removed;
  }

  /**
   * Removes blobs that no file names and that are over an hour old: left when the process died
   * between storing a blob and adding its row, or when removing them failed. Newer ones may be
   * an upload's on its way to its row; and the check is made under the blob's lock, which an
   * upload holds from storing its blob to adding its row. Unfinished copies of blobs (`.part`)
   * over an hour old go too. Looks at SWEEP_BLOBS blobs per run, going on from where the last
   * run stopped.
   */
  private async sweepBlobs(now: number): Promise<void> {
    const blobs = await this.blobs.list(this.sweptTo, SWEEP_BLOBS);
    this.sweptTo = blobs.length < SWEEP_BLOBS ? undefined : blobs.at(-1)?.sha256;
    for (const { sha256, mtimeMs, partial } of blobs) {
      if (now - mtimeMs <= ORPHAN_BLOB_MS) continue;
      // An unfinished copy (a crash while putting a blob across disks) is never a blob. Newer
      // ones may be a put in progress, which holds the lock too.
      if (partial) await this.locks.with([sha256], () => this.blobs.deletePartial(sha256));
      else await this.locks.with([sha256], () => this.dropUnused([sha256]));
    }
  }

  /**
   * Takes no more uploads and ends the image worker (an image in it fails with
   * `invalid_payload`; one not yet in it fails at once, and starts no new worker). Then waits,
   * at most 5 s (tracked-uploads.ts), for the uploads in flight to end, so that none is left
   * writing to the store once its owner closes it.
   */
  async close(): Promise<void> {
    await this.tracked.close(() => this.worker.stop());
  }

  /** Forgets upload buckets that have refilled. */
  sweep(): void {
    this.uploads.sweep();
  }

  /** Deletes the blobs among `hashes` that no file uses. Call under their locks. */
  private async dropUnused(hashes: ReadonlyArray<string | undefined>): Promise<void> {
    for (const sha of new Set(hashes)) {
      if (sha !== undefined && !(await this.store.blobInUse(sha))) await this.blobs.delete(sha);
    }
  }
}
