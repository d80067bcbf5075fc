import type { Attachment, ServerLimits } from '../../../server/protocol';
import { fileSize } from './file-format';
import {
  UploadError,
  uploadFile,
  type RunningUpload,
  type UploadSource,
  type UploadTarget,
} from './upload-request';

/**
 * One file of the composer's list: waiting its turn, uploading, uploaded (`file`), or failed
 * (`error`).
 */
export interface UploadItem {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far. */
  sent: number;
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
  /** Waiting because the server asked to (`rate_limited`): when it is sent again (Date.now()). */
  retryAt?: number;
  /** The stored file, once uploaded: what the message refers to. */
  file?: Attachment;
}

/** What the list shows: the files in the order added, and why some were refused at once. */
export interface UploadsView {
  items: readonly UploadItem[];
  /** Files refused before any byte went out (too big, too many); cleared by the next add. */
  notice?: string;
}

let nextKey = 1;

/**
 * Files of one list uploading at once; the others wait. A browser runs at most 6 requests per
 * host and queues the rest with their headers (the token) already set, so ten files started at
 * once could go out minutes later with an expired token; the server takes at most 4 uploads in
 * flight per user. A waiting file's token is checked when it starts.
 */
export const PARALLEL_UPLOADS = 3;
/** A `rate_limited` refusal asking to wait up to this long is waited out, then sent again... */
const LONGEST_WAIT_MS = 60_000;
/** ...up to this many times in a row; past either, the file fails with the server's reason. */
const MOST_WAITS = 5;

/**
 * The files one composer is about to send, uploaded in the order added, {@link PARALLEL_UPLOADS}
 * at a time (the rest wait), with their progress. A file can be cancelled (aborted or no longer
 * waiting, and taken off), retried after a failure, or removed. A file over the server's
 * `maxFileBytes`, or past `maxAttachments`, is refused here before any upload.
 * Subscribe for changes; `view` is a new object on every change (for useSyncExternalStore).
 */
export class UploadQueue {
  view: UploadsView = { items: [] };
  private readonly sources = new Map<number, UploadSource>();
  private readonly running = new Map<number, RunningUpload>();
  /** Files told by the server to wait: the timer that lets them go again. */
  private readonly held = new Map<number, ReturnType<typeof setTimeout>>();
  /** How many times in a row each file was told to wait. */
  private readonly waits = new Map<number, number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly target: UploadTarget,
    private readonly limits: Pick<ServerLimits, 'maxFileBytes' | 'maxAttachments'>,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getView = (): UploadsView => this.view;

  /** Starts uploading what fits; the rest is named in `notice`. */
  add(files: readonly UploadSource[]): void {
    const refused: string[] = [];
    let room = this.limits.maxAttachments - this.view.items.length;
    const added: UploadItem[] = [];
    for (const file of files) {
      if (file.size > this.limits.maxFileBytes) {
        refused.push(
          `${file.name} is ${fileSize(file.size)}; this server takes files up to ${fileSize(this.limits.maxFileBytes)}.`,
        );
      } else if (room <= 0) {
        refused.push(`${file.name}: at most ${this.limits.maxAttachments} files per message.`);
      } else {
        room -= 1;
        const item: UploadItem = {
          key: nextKey++,
          name: file.name,
          size: file.size,
          sent: 0,
          status: 'waiting',
        };
        this.sources.set(item.key, file);
        added.push(item);
      }
    }
    this.set({ items: [...this.view.items, ...added], notice: refused.join(' ') || undefined });
    this.pump();
  }

  /** Stops an upload under way or waiting, or takes a finished or failed one off the list. */
  remove(key: number): void {
    this.forget(key);
    this.set({ ...this.view, items: this.view.items.filter((i) => i.key !== key) });
    this.pump();
  }

  retry(key: number): void {
    if (this.view.items.find((i) => i.key === key)?.status !== 'failed') return;
    this.waits.delete(key);
    this.patch(key, { status: 'waiting', sent: 0, error: undefined });
    this.pump();
  }

  /** Every file uploaded and none waiting or failed: a message can carry them. */
  get ready(): boolean {
    return this.view.items.every((i) => i.status === 'done');
  }

  /** The uploaded files, in order, for a message; the list is emptied. */
  take(): Attachment[] {
    const files = this.view.items.flatMap((i) => (i.file ? [i.file] : []));
    for (const item of this.view.items) this.forget(item.key);
    this.set({ items: [] });
    return files;
  }

  /** Starts waiting files, in the order added, while fewer than PARALLEL_UPLOADS are under way. */
  private pump(): void {
    for (const item of this.view.items) {
      if (this.running.size >= PARALLEL_UPLOADS) return;
      if (item.status === 'waiting' && !this.held.has(item.key)) this.start(item.key);
    }
  }

  private start(key: number): void {
    const source = this.sources.get(key);
    if (!source) return;
    this.patch(key, { status: 'uploading', sent: 0, error: undefined, retryAt: undefined });
    const upload = uploadFile(this.target, source, (sent) => this.patch(key, { sent }));
    this.running.set(key, upload);
    const settle = (outcome: () => Partial<UploadItem>) => {
      // A cancelled upload (or one retried since) has nothing left to say.
      if (this.running.get(key) !== upload) return;
      this.running.delete(key);
      this.patch(key, outcome());
      this.pump();
    };
    upload.done.then(
      (file) => settle(() => ({ status: 'done', sent: file.size, file })),
      (error: unknown) => settle(() => this.failed(key, error)),
    );
  }

  /** A short `rate_limited` (too many uploads at once, or too fast) is waited out; not others. */
  private failed(key: number, error: unknown): Partial<UploadItem> {
    const wait = error instanceof UploadError && error.code === 'rate_limited';
    const ms = wait ? (error.retryAfterMs ?? 1000) : Infinity;
    const waits = this.waits.get(key) ?? 0;
    if (ms > LONGEST_WAIT_MS || waits >= MOST_WAITS)
      return { status: 'failed', error: reason(error) };
    this.waits.set(key, waits + 1);
    const timer = setTimeout(() => {
      this.held.delete(key);
      this.pump();
    }, ms);
    this.held.set(key, timer);
    return { status: 'waiting', sent: 0, retryAt: Date.now() + ms };
  }

  /** Stops the file's upload or wait, and drops what the queue keeps of it. */
  private forget(key: number): void {
    this.running.get(key)?.abort();
    this.running.delete(key);
    clearTimeout(this.held.get(key));
    this.held.delete(key);
    this.waits.delete(key);
    this.sources.delete(key);
  }

  private patch(key: number, patch: Partial<UploadItem>): void {
    const items = this.view.items.map((i) => (i.key === key ? { ...i, ...patch } : i));
    this.set({ ...this.view, items });
  }

  private set(view: UploadsView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}

function reason(error: unknown): string {
  if (!(error instanceof UploadError)) return 'The upload failed.';
  if (error.retryAfterMs === undefined) return error.message;
  return `${error.message} Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
}
