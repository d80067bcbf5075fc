import type { Attachment, ServerLimits } from '../../../server/protocol';
import { fileSize } from './file-format';
import {
  UploadError,
  uploadFile,
  type RunningUpload,
  type UploadSource,
  type UploadTarget,
} from './upload-request';

/** One file of the composer's list: uploading, uploaded (`file`), or failed (`error`). */
export interface UploadItem {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far. */
  sent: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
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
 * The files one composer is about to send. Each uploads at once when added, with its progress;
 * it can be cancelled (aborted and taken off), retried after a failure, or removed. A file over
 * the server's `maxFileBytes`, or past `maxAttachments`, is refused here before any upload.
 * Subscribe for changes; `view` is a new object on every change (for useSyncExternalStore).
 */
export class UploadQueue {
  view: UploadsView = { items: [] };
  private readonly sources = new Map<number, UploadSource>();
  private readonly running = new Map<number, RunningUpload>();
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
          status: 'uploading',
        };
        this.sources.set(item.key, file);
        added.push(item);
      }
    }
    this.set({ items: [...this.view.items, ...added], notice: refused.join(' ') || undefined });
    for (const item of added) this.start(item.key);
  }

  /** Stops an upload under way, or takes a finished or failed one off the list. */
  remove(key: number): void {
    this.running.get(key)?.abort();
    this.running.delete(key);
    this.sources.delete(key);
    this.set({ ...this.view, items: this.view.items.filter((i) => i.key !== key) });
  }

  retry(key: number): void {
    if (this.view.items.find((i) => i.key === key)?.status !== 'failed') return;
    this.patch(key, { status: 'uploading', sent: 0, error: undefined });
    this.start(key);
  }

  /** Every file uploaded and none waiting or failed: a message can carry them. */
  get ready(): boolean {
    return this.view.items.every((i) => i.status === 'done');
  }

  /** The uploaded files, in order, for a message; the list is emptied. */
  take(): Attachment[] {
    const files = this.view.items.flatMap((i) => (i.file ? [i.file] : []));
    for (const upload of this.running.values()) upload.abort();
    this.running.clear();
    this.sources.clear();
    this.set({ items: [] });
    return files;
  }

  private start(key: number): void {
    const source = this.sources.get(key);
    if (!source) return;
    const upload = uploadFile(this.target, source, (sent) => this.patch(key, { sent }));
    this.running.set(key, upload);
    upload.done.then(
      (file) => this.settle(key, upload, { status: 'done', sent: file.size, file }),
      (error: unknown) => this.settle(key, upload, { status: 'failed', error: reason(error) }),
    );
  }

  private settle(key: number, upload: RunningUpload, patch: Partial<UploadItem>): void {
    // A cancelled upload (or one retried since) has nothing left to say.
    if (this.running.get(key) !== upload) return;
    this.running.delete(key);
    this.patch(key, patch);
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
