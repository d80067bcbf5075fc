/**
 * A stand-in for the `electron` module, for main/'s unit tests only: Electron's binary cannot run
 * here, so its API is replaced at this one boundary (`vi.mock('electron', ...)`), and everything
 * of ours above it runs for real. Each fake records what main/ asked of it.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
};

/** safeStorage with a settable backend; "encryption" is reversible but never the plaintext. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  async isAsyncEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  async encryptStringAsync(plain: string) {
    return Buffer.concat([Buffer.from('v11'), Buffer.from(plain).map((byte) => byte ^ 0x5a)]);
  },
  async decryptStringAsync(sealed: Buffer) {
    if (sealed.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting');
    return {
      result: Buffer.from(sealed.subarray(3).map((byte) => byte ^ 0x5a)).toString(),
      shouldReEncrypt: false,
    };
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string) {
    this.opened.push(url);
  },
};

export const app = Object.assign(new EventEmitter(), {
  badge: 0,
  setBadgeCount(count: number) {
    this.badge = count;
    return true;
  },
  /** Folders a test sets (`downloads`…); every other name is a folder that does not exist. */
  paths: {} as Record<string, string>,
  getPath(name: string): string {
    return this.paths[name] ?? '/nonexistent-user-data';
  },
  protocols: [] as string[],
  setAsDefaultProtocolClient(protocol: string) {
    this.protocols.push(protocol);
    return true;
  },
  /** Every `setLoginItemSettings` call, and what `getLoginItemSettings` answers. */
  loginItemCalls: [] as Array<Record<string, unknown>>,
  loginItem: { openAtLogin: false, wasOpenedAtLogin: false },
  setLoginItemSettings(settings: Record<string, unknown>) {
    this.loginItemCalls.push(settings);
  },
  getLoginItemSettings() {
    return this.loginItem;
  },
  /** The system's languages, in the person's order. */
  preferredLanguages: ['en-US'],
  getPreferredSystemLanguages() {
    return this.preferredLanguages;
  },
});

type PermissionHandler = (...args: unknown[]) => unknown;
/** A session: its permission handlers, and its events (`will-download`). */
class FakeSession extends EventEmitter {
  requestHandler: PermissionHandler | undefined;
  checkHandler: PermissionHandler | undefined;
  /** Spell-check as main set it; the dictionaries are Chromium's list on Linux, in brief. */
  spellCheckerEnabled = true;
  spellCheckerLanguages: string[] = [];
  availableSpellCheckerLanguages = ['de', 'en-AU', 'en-GB', 'en-US', 'es', 'fr', 'pt-BR', 'sr'];
  setSpellCheckerEnabled(enable: boolean) {
    this.spellCheckerEnabled = enable;
  }
  /** As Electron does, an unknown language throws. */
  setSpellCheckerLanguages(languages: string[]) {
    const unknown = languages.find((code) => !this.availableSpellCheckerLanguages.includes(code));
    if (unknown)
      throw new Error(`Invalid language code provided: "${unknown}" is not a valid language code`);
    this.spellCheckerLanguages = languages;
  }
  setPermissionRequestHandler(handler: PermissionHandler) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionHandler) {
    this.checkHandler = handler;
  }
  /** Words added to the spell checker's custom dictionary. */
  words: string[] = [];
  addWordToSpellCheckerDictionary(word: string) {
    this.words.push(word);
    return true;
  }
  /**
   * What Chromium does when a download begins: `will-download` with the item. True when a
   * listener cancelled it (`event.preventDefault()`).
   */
  download(item: FakeDownloadItem, contents?: FakeWebContents): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit('will-download', event, item, contents ?? null, null);
    return prevented;
  }
}
export const session = { defaultSession: new FakeSession() };

type DownloadState = 'completed' | 'cancelled' | 'interrupted';
/** A DownloadItem: its URL chain (redirects included) and the file name the server suggests. */
export class FakeDownloadItem extends EventEmitter {
  savePath: string | undefined;
  constructor(
    readonly urlChain: string[],
    readonly filename: string,
  ) {
    super();
  }
  getURL() {
    return this.urlChain.at(-1) ?? '';
  }
  getURLChain() {
    return this.urlChain;
  }
  getFilename() {
    return this.filename;
  }
  setSavePath(path: string) {
    this.savePath = path;
  }
  getSavePath() {
    return this.savePath ?? '';
  }
  cancel() {
    this.end('cancelled');
  }
  /** The download ends: `done` with its state, as Electron reports it. */
  end(state: DownloadState) {
    this.emit('done', {}, state);
  }
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

let nextId = 1;
/** A webContents: an EventEmitter that remembers its window-open handler and what it was sent. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  sent: Array<[string, ...unknown[]]> = [];
  /** URLs main asked this webContents to download (`downloadURL`). */
  downloads: string[] = [];
  downloadURL(url: string) {
    this.downloads.push(url);
  }
  readonly session = session.defaultSession;
  /** Edits main asked of the page from a context menu (replaceMisspelling, copyImageAt). */
  edits: unknown[][] = [];
  replaceMisspelling(word: string) {
    this.edits.push(['replaceMisspelling', word]);
  }
  copyImageAt(x: number, y: number) {
    this.edits.push(['copyImageAt', x, y]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  /** Destroyed as Chromium does it: `isDestroyed()` is true and `destroyed` is emitted. */
  destroyed = false;
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  static fromWebContents(contents: FakeWebContents): BrowserWindow | null {
    return BrowserWindow.created.find((window) => window.webContents === contents) ?? null;
  }
  readonly webContents = new FakeWebContents();
  loaded: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  isMaximized = () => false;
  /** Whether the window is on screen (Electron's `isVisible`), and maximize() was asked. */
  visible = false;
  maximizeAsked = false;
  isVisible = () => this.visible;
  maximize() {
    this.maximizeAsked = true;
  }
  /** As Electron: `show` is emitted when a hidden window is shown. */
  show() {
    if (!this.visible) {
      this.visible = true;
      this.emit('show');
    }
  }
  focus() {}
  restore() {}
  getNormalBounds() {
    const { x = 0, y = 0, width = 0, height = 0 } = this.options as Record<string, number>;
    return { x, y, width, height };
  }
}

/**
 * utilityProcess: a Node child of the given entry, which speaks the same messages (the server
 * entries take `process.send` where `parentPort` is missing). `forked` lists the entries started.
 */
export const utilityProcess = {
  forked: [] as string[],
  fork(entry: string) {
    this.forked.push(entry);
    const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return Object.assign(child, { postMessage: (message: object) => child.send(message) });
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

/** The OS's power events: a test emits `resume`, `unlock-screen`… as the system would. */
export const powerMonitor = new EventEmitter();

/** A system notification: records what the OS would have been asked to show. */
export class Notification extends EventEmitter {
  static shown: Array<{ title: string; body: string }> = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push(this.options);
  }
}

/** What the preload exposed to the page, by key (`window.parley`). */
export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed[key] = api;
  },
};

/**
 * The preload's side of IPC: `invoke` reaches the handler registered on the fake ipcMain, as
 * from the sender event the test sets (by default none: a test must say who is asking), and
 * `emit` delivers a message from main to the listeners added with `on`.
 */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  senderEvent: undefined as unknown,
  async invoke(channel: string, ...args: unknown[]) {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(this.senderEvent, ...args);
  },
});

/**
 * The OS file dialogs. A test sets the folder the person "picks" (`nextFolder`; undefined: they
 * cancel); every call's options are recorded.
 */
export const dialog = {
  asked: [] as unknown[],
  nextFolder: undefined as string | undefined,
  async showOpenDialog(options: unknown) {
    this.asked.push(options);
    const folder = this.nextFolder;
    return { canceled: folder === undefined, filePaths: folder === undefined ? [] : [folder] };
  },
};

/** The clipboard: what main wrote to it, newest last. */
export const clipboard = {
  texts: [] as string[],
  writeText(text: string) {
    this.texts.push(text);
  },
};

/** A native menu: its template, and where it popped up (`popups`, one entry per popup()). */
class FakeMenu {
  popups: unknown[] = [];
  constructor(readonly template: Array<Record<string, unknown>>) {}
  popup(options: unknown = {}) {
    this.popups.push(options);
  }
}
/** The tray icon: every one made (`created`), with the menu main last gave it. */
export class Tray extends EventEmitter {
  static created: Tray[] = [];
  menu: FakeMenu | undefined;
  tooltip = '';
  constructor(readonly image: unknown) {
    super();
    Tray.created.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu) {
    this.menu = menu;
  }
}

/** Images: only what the tray asks of them. */
export const nativeImage = {
  createFromPath: (path: string) => ({ path, resize: () => ({ path }) }),
};

/** Menus: every menu built (`built`, newest last) and the application menu. */
export const Menu = {
  built: [] as FakeMenu[],
  application: undefined as FakeMenu | undefined,
  buildFromTemplate(template: Array<Record<string, unknown>>) {
    const menu = new FakeMenu(template);
    this.built.push(menu);
    return menu;
  },
  setApplicationMenu(menu: FakeMenu | null) {
    this.application = menu ?? undefined;
  },
};
