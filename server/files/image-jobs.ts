import { ChatError } from '../errors.js';
import { ErrorCode, type ImageInfo } from '../protocol.js';
import type { processImage } from './images.js';

/**
 * What the server and its image worker (image-process.ts, image-worker.ts) say to each other on
 * the IPC channel, and how long a job may take.
 */

/** One image for the worker: the arguments of {@link processImage}, and an id for the answer. */
export interface ImageJob {
  id: number;
  input: string;
  format: Parameters<typeof processImage>[1];
  output: string;
  thumb: string;
  maxPixels: number;
  /** `avatar`: make a profile picture instead (processAvatar in people/avatar-image.ts; no thumb). */
  kind?: 'avatar';
}

/**
 * What the worker says about the {@link ImageJob} of the same id: that it has started it (sharp
 * is loaded, the job's time runs from here), then its result.
 */
export type ImageAnswer =
  | { id: number; started: true }
  | { id: number; ok: true; image: ImageInfo }
  | { id: number; ok: false; error: { code: ErrorCode; message: string } };

/** A job that runs longer than this, once started, is stuck (or an attack): it fails. */
export const IMAGE_JOB_TIMEOUT_MS = 30_000;
/** A worker that has not started a job this long after it was sent (a cold start too) is stuck. */
export const IMAGE_START_TIMEOUT_MS = 60_000;

/** A worker died (a crash in libvips, stop()) with the job in its hands. */
export const workerDied = () =>
  new ChatError(ErrorCode.invalidPayload, 'The image could not be processed.');
/**
 * The worker was stopped (the server is closing) before the job got to it: never sent. An
 * internal_error: nothing is wrong with the image, and its client's connection is closed anyway.
 */
export const serverClosing = () =>
  new ChatError(ErrorCode.internal, 'The server is shutting down; try again once it is back.');
/**
 * A job past its time. too_large (413) rather than invalid_payload: the image is readable, only
 * too costly to clean.
 */
export const jobTookTooLong = () =>
  new ChatError(ErrorCode.tooLarge, 'Processing this image took too long.');
