import type { Attachment, ErrorBody, FileUploaded } from '../../../server/protocol';

/** What an upload needs of the session: where to, and the bearer token (refreshed on expiry). */
export interface UploadTarget {
  serverUrl: string;
  token: () => string;
  /**
   * Milliseconds the token has left by this device's clock (Session.expiresIn). A token with
   * less than {@link REFRESH_BEFORE_MS} left is refreshed as the upload starts.
   */
  expiresIn?: () => number;
  /**
   * Gets a new access token (Session.refresh). An upload refused as expired, or that failed to
   * get through while the token had under {@link REFRESH_BEFORE_MS} left, is sent again once.
   */
  refresh: () => Promise<void>;
  /** The XMLHttpRequest to use; the browser's by default. */
  xhr?: () => XMLHttpRequest;
}

/**
 * A token this close to its expiry is refreshed before an upload rather than after a 401: the
 * server refuses an expired token before reading the body, and a browser still sending a large
 * body then reports a network error (the connection closed under it), not the 401.
 */
export const REFRESH_BEFORE_MS = 30_000;

/** A file to upload: a File in the browser (a Blob with a name). */
export type UploadSource = Blob & { readonly name: string };

/** An upload the server refused or that never arrived; `code` is the server's error code. */
export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** An upload under way: its outcome, and how to stop it (the outcome then fails as `aborted`). */
export interface RunningUpload {
  done: Promise<Attachment>;
  abort: () => void;
}

/**
 * `POST /api/files` with the file's bytes as the body, through XMLHttpRequest because fetch
 * reports no upload progress. The token goes in the Authorization header, the name percent-
 * encoded in X-File-Name. `onProgress` gets the bytes sent so far.
 */
export function uploadFile(
  target: UploadTarget,
  file: UploadSource,
  onProgress: (sent: number) => void,
): RunningUpload {
  let current: XMLHttpRequest | undefined;
  let aborted = false;
  const cancelled = () => new UploadError('aborted', 'The upload was cancelled.');
  const once = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const xhr = (target.xhr ?? (() => new XMLHttpRequest()))();
      current = xhr;
      xhr.open('POST', new URL('/api/files', target.serverUrl).href);
      xhr.setRequestHeader('Authorization', `Bearer ${target.token()}`);
      xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () =>
        reject(new UploadError('unreachable', 'The upload did not get through to the server.'));
      xhr.onabort = () => reject(cancelled());
      xhr.send(file);
    });
  const expiring = () => target.expiresIn !== undefined && target.expiresIn() < REFRESH_BEFORE_MS;
  const again = async () => {
    await target.refresh();
    if (aborted) throw cancelled();
    onProgress(0);
    return once();
  };
  const run = async (): Promise<Attachment> => {
    // Checked when the upload starts (UploadQueue starts a few at a time), not when it was added.
    if (expiring()) {
      await target.refresh();
      if (aborted) throw cancelled();
    }
    const first = await once().catch((error: unknown) => {
      // A browser reports the server's 401 to an expired token, sent before a body over 1 MiB
      // is read and the connection closed, as a network error: with the token (nearly) expired
      // (the request waited in the browser's queue of 6 per host), that is the likely cause.
      if (error instanceof UploadError && error.code === 'unreachable' && expiring())
        return undefined;
      throw error;
    });
    const expired = first?.status === 401 && errorOf(first.body)?.code === 'token_expired';
    // Sent again once, with a new token, whichever way the expiry showed.
    const answer = first && !expired ? first : await again();
    if (answer.status === 201) return (JSON.parse(answer.body) as FileUploaded).file;
    const error = errorOf(answer.body);
    throw new UploadError(
      error?.code ?? 'internal',
      error?.message ?? `The server answered ${answer.status}.`,
      error?.retryAfterMs,
    );
  };
  return {
    done: run(),
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}

function errorOf(body: string): ErrorBody | undefined {
  try {
    return (JSON.parse(body) as { error?: ErrorBody }).error;
  } catch {
    return undefined;
  }
}
