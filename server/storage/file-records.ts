import type { Attachment } from '../protocol.js';

/**
 * One uploaded file as the database keeps it: what a message shows (`Attachment`), plus where
 * its bytes are (content addresses in the `FileStore`), who uploaded it and when.
 */
export interface StoredFile extends Attachment {
  /** SHA-256 (64 hex digits) of the bytes as served. */
  sha256: string;
  /** SHA-256 of the thumbnail's bytes (WebP); images only. */
  thumbSha256?: string;
  uploaderId: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** Why a send's `fileIds` were refused by the store. */
export type FileRefusal =
  /** An id names no file, or a file of someone else (both look the same to the sender). */
  | 'file_unavailable'
  /** The file is carried by a message already: one upload goes with one message. */
  | 'file_attached';

/**
 * File metadata: the uploads, and which message carries each. The bytes live in a `FileStore`
 * (server/files/file-store.ts); rows here name them by SHA-256, and several rows may share one.
 * A file is attached to at most one message, in the same transaction as the message is stored
 * (`appendMessage` with `fileIds`); a deleted message keeps that link, so its files can never be
 * sent again, but nobody may read them any more.
 */
export interface FileRecordStore {
  /**
   * Atomically: adds the file unless the uploader's files (this one included) would then hold
   * more than `quotaBytes`. Resolves false, adding nothing, when they would.
   */
  addFile(file: StoredFile, quotaBytes: number): Promise<boolean>;
  /** Bytes of all the files the user keeps now (their quota's use). */
  fileBytesUsed(userId: number): Promise<number>;
  /**
   * Of `fileIds`, the files `userId` may read now: they are a member of the room of a live (not
   * deleted) message that carries the file, and not banned. In no particular order.
   */
  readableFiles(userId: number, fileIds: string[]): Promise<StoredFile[]>;
  /**
   * Deletes up to `limit` files uploaded before `before` that no live message carries (never
   * sent, or sent with a message deleted since, or in a room deleted since). Resolves with the
   * blobs (file and thumbnail hashes) that no remaining file uses: the caller deletes those.
   */
  pruneFiles(prune: { before: number; limit: number }): Promise<{ files: number; blobs: string[] }>;
  /** Whether any file uses this blob, as its bytes or as its thumbnail. */
  blobInUse(sha256: string): Promise<boolean>;
}
