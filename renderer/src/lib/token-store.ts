import type { DesktopApi } from '../../../main/desktop-api';

/** Where a refresh token is kept between page loads: per server. */
export interface TokenStore {
  load(serverUrl: string): Promise<string | null>;
  /** `remember`: keep it beyond this browser tab ("keep me signed in"). */
  save(serverUrl: string, token: string, remember: boolean): Promise<void>;
  clear(serverUrl: string): Promise<void>;
}

const key = (serverUrl: string) => `parley.refresh.${serverUrl}`;

/**
 * Browser storage: sessionStorage lasts as long as the tab (reloads included); localStorage,
 * chosen with "keep me signed in", outlasts it. A token lives in exactly one of them.
 */
export class BrowserTokenStore implements TokenStore {
  constructor(
    private readonly session: Storage,
    private readonly local: Storage,
  ) {}

  async load(serverUrl: string): Promise<string | null> {
    return this.session.getItem(key(serverUrl)) ?? this.local.getItem(key(serverUrl));
  }
  async save(serverUrl: string, token: string, remember: boolean): Promise<void> {
    const [keep, drop] = remember ? [this.local, this.session] : [this.session, this.local];
    keep.setItem(key(serverUrl), token);
    drop.removeItem(key(serverUrl));
  }
  async clear(serverUrl: string): Promise<void> {
    this.session.removeItem(key(serverUrl));
    this.local.removeItem(key(serverUrl));
  }
}

/** Fired on window (once a run) when the desktop app cannot keep sign-ins safely on disk. */
export const MEMORY_ONLY_EVENT = 'parley:tokens-memory-only';

/** The desktop app: tokens go to the main process, which encrypts them with safeStorage. */
export class BridgeTokenStore implements TokenStore {
  private told = false;
  constructor(private readonly bridge: DesktopApi) {}

  load(serverUrl: string): Promise<string | null> {
    return this.bridge.getRefreshToken(serverUrl);
  }
  async save(serverUrl: string, token: string): Promise<void> {
    const kept = await this.bridge.setRefreshToken(serverUrl, token);
    if (!kept && !this.told) {
      this.told = true;
      window.dispatchEvent(new Event(MEMORY_ONLY_EVENT));
    }
  }
  clear(serverUrl: string): Promise<void> {
    return this.bridge.deleteRefreshToken(serverUrl);
  }
}

/** An in-memory store: for tests, and for when no storage is available. */
export class MemoryTokenStore implements TokenStore {
  readonly tokens = new Map<string, string>();
  async load(serverUrl: string) {
    return this.tokens.get(serverUrl) ?? null;
  }
  async save(serverUrl: string, token: string) {
    this.tokens.set(serverUrl, token);
  }
  async clear(serverUrl: string) {
    this.tokens.delete(serverUrl);
  }
}

/** The bridge's store on desktop, browser storage elsewhere. */
export function defaultTokenStore(): TokenStore {
  if (typeof window === 'undefined') return new MemoryTokenStore();
  if (window.parley) return new BridgeTokenStore(window.parley);
  return new BrowserTokenStore(window.sessionStorage, window.localStorage);
}
