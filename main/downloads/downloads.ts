import { existsSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { DownloadItem, WebContents } from 'electron';
import type { DownloadResult, SavedServer } from '../ipc-channels';
import { safeFileName, uniquePath } from './file-name';

/** A download main was asked for and has started, waiting for its `will-download`. */
interface Approved {
  url: string;
  origin: string;
  settle: (result: DownloadResult) => void;
}

export interface DownloadsDeps {
  /** The saved servers: the only origins files are downloaded from. */
  servers: () => readonly SavedServer[];
  /** The window whose session downloads (one of ours). */
  contents: () => Pick<WebContents, 'downloadURL'> | undefined;
  /** The Downloads folder, read at each download (the OS setting may change). */
  dir: () => string;
  log?: (message: string) => void;
  /** How long a download may take to start before it counts as failed. */
  startTimeoutMs?: number;
}

const FAILED: DownloadResult = { ok: false, error: 'failed' };

/** A URL without its query, for the log: the query is a signature. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Downloads of files from saved servers, through Electron's download handling: each goes to
 * the Downloads folder under a safe, unused name and is never opened. Only the downloads main
 * started itself get through; any other (a page's link, a blob:, a redirect elsewhere) is
 * cancelled before a byte is written.
 */
export class Downloads {
  private readonly approved: Approved[] = [];
  /** Paths of downloads under way: Chromium creates the file only at the end. */
  private readonly reserved = new Set<string>();
  private readonly log: (message: string) => void;

  constructor(private readonly deps: DownloadsDeps) {
    this.log = deps.log ?? console.info;
  }

  /**
   * Starts downloading a checked file URL (see `fileUrlSchema`); resolves when it ends. Throws
   * for a server that is not saved, so a subverted page cannot fetch from anywhere.
   */
  start(url: string): Promise<DownloadResult> {
    const { origin, href } = new URL(url);
    if (!this.deps.servers().some((server) => server.url === origin))
      throw new Error('files:download: refused, not a saved server');
    const contents = this.deps.contents();
    if (!contents) throw new Error('files:download: no window');
    return new Promise((resolve) => {
      const entry: Approved = { url: href, origin, settle: resolve };
      const timer = setTimeout(() => {
        if (!this.take(entry)) return;
        this.log(`download of ${shown(href)} never started`);
        resolve(FAILED);
      }, this.deps.startTimeoutMs ?? 30_000);
      entry.settle = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.approved.push(entry);
      contents.downloadURL(href);
    });
  }

  /** The session's `will-download`: saves an approved download, cancels every other. */
  willDownload(event: { preventDefault(): void }, item: DownloadItem): void {
    const chain = item.getURLChain();
    const first = chain[0] ?? item.getURL();
    const entry = this.approved.find((approved) => approved.url === href(first));
    if (!entry) {
      event.preventDefault();
      return this.log(`cancelled a download main did not start: ${shown(first)}`);
    }
    this.take(entry);
    // A redirect may not carry the download to another origin.
    if (!chain.every((url) => origin(url) === entry.origin)) {
      event.preventDefault();
      this.log(`cancelled a download redirected to ${shown(item.getURL())}`);
      return entry.settle(FAILED);
    }
    const dir = this.deps.dir();
    const path = uniquePath(
      dir,
      safeFileName(item.getFilename()),
      (candidate) => this.reserved.has(candidate) || existsSync(candidate),
    );
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      event.preventDefault();
      this.log(`download of ${shown(first)} failed: ${String(error)}`);
      return entry.settle(FAILED);
    }
    // Set now, before the handler returns: Electron would otherwise ask with a save dialog.
    item.setSavePath(path);
    this.reserved.add(path);
    item.once('done', (_event, state) => {
      this.reserved.delete(path);
      this.log(`download of ${shown(first)} ${state}: ${path}`);
      if (state === 'completed') entry.settle({ ok: true, name: basename(path) });
      else entry.settle({ ok: false, error: state === 'cancelled' ? 'cancelled' : 'failed' });
    });
  }

  /** Removes an approval (it is used once); false when it was gone already. */
  private take(entry: Approved): boolean {
    const index = this.approved.indexOf(entry);
    if (index >= 0) this.approved.splice(index, 1);
    return index >= 0;
  }
}

/** A URL as WHATWG parsing spells it, so that Chromium's spelling compares equal. */
function href(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}
function origin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
