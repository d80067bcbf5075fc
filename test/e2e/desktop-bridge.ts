import type { Page } from '@playwright/test';
import type { AppSettings, PolicyState } from '../../main/ipc-channels';

/**
 * A stand-in for the desktop app's preload bridge (`window.parley`), installed before the page
 * loads. Electron cannot run on these machines, so the renderer's desktop mode is driven in
 * Chromium with this in place of the preload; every call is recorded on `window.bridgeCalls`.
 * `keepTokens: false` behaves like safeStorage on Linux's basic_text backend.
 */
export interface BridgeOptions {
  keepTokens: boolean;
  /** What `parseInvite` answers (main's parser is unit-tested in test/main). */
  invite?: unknown;
  /** Servers "found on the network". */
  lan?: Array<{ name: string; url: string; serverId: string }>;
  /** Servers already saved when the app starts. */
  servers?: Saved[];
  /**
   * Methods whose every call fails, as main's handler throwing would: method → its IPC channel
   * (Electron rejects with "Error invoking remote method '<channel>': Error: …").
   */
  fail?: Record<string, string>;
  /**
   * What `downloadFile` answers; by default that the file was saved as report.pdf (a signed URL
   * does not carry the file's name, which main learns from the server's answer).
   */
  download?: { ok: true; name: string } | { ok: false; error: 'cancelled' | 'failed' };
  /**
   * The host screen's last backup when the app starts (default: never). `backupHost` stands in
   * for main: the person "picks" /home/desk/Backups and the backup is made at once.
   */
  lastBackup?: { at: number; folder: string; file: string; bytes: number } | null;
  /** The desktop preferences when the app starts (main's defaults otherwise). */
  appSettings?: Partial<AppSettings>;
  /** The organisation's policy as main applied it (none by default). */
  policy?: Partial<PolicyState>;
  /** False: a system with no way to start at sign-in (a Microsoft Store build). */
  loginItemSupported?: boolean;
  /** The `parley://open` link the app was started with (`pendingMessageLink`). */
  pendingMessageLink?: unknown;
  /** Refresh tokens already kept when the app starts, by server URL (signed in everywhere). */
  tokens?: Record<string, string>;
}

interface Saved {
  name: string;
  url: string;
  fingerprint?: string;
}

export async function installBridge(page: Page, options: BridgeOptions): Promise<void> {
  await page.addInitScript((options: BridgeOptions) => {
    const { keepTokens, invite, lan, servers: initial, fail, download } = options;
    let lastBackup = options.lastBackup ?? null;
    type Listener = (value: unknown) => void;
    const calls: Array<[string, unknown]> = [];
    const listeners: Record<string, Listener[]> = {
      room: [],
      host: [],
      lan: [],
      invite: [],
      message: [],
      wake: [],
    };
    let appSettings: AppSettings = {
      startAtLogin: false,
      startHidden: false,
      spellcheck: true,
      spellcheckLanguages: null,
      ...options.appSettings,
    };
    const policy: PolicyState = {
      locks: { servers: false, hosting: false, startAtLogin: false, updates: false },
      presetServers: [],
      updateChannel: 'default',
      ...options.policy,
    };
    // Chromium's list on Linux, in brief; the system's languages are en-US.
    const available = ['de', 'en-GB', 'en-US', 'es', 'fr', 'pt-BR'];
    const appView = () => ({
      settings: appSettings,
      spellcheckAvailable: available,
      spellcheckActive: appSettings.spellcheckLanguages ?? ['en-US'],
      loginItemSupported: options.loginItemSupported ?? true,
      policy,
    });
    const tokens = new Map<string, string>(Object.entries(options.tokens ?? {}));
    let servers: Saved[] = initial ?? [];
    const record = <T>(name: string, arg: unknown, result: T) => {
      calls.push([name, arg]);
      const channel = fail?.[name];
      if (channel === undefined) return Promise.resolve(result);
      const why = `Error invoking remote method '${channel}': Error: ${channel}: refused in this test`;
      return Promise.reject(new Error(why));
    };
    const listen = (kind: string) => (listener: Listener) => {
      listeners[kind]?.push(listener);
      return () => void (listeners[kind] = listeners[kind]?.filter((l) => l !== listener) ?? []);
    };
    const stopped = { state: 'stopped', urls: [], connections: 0, people: 0, restarts: 0 };
    Object.assign(window, {
      bridgeCalls: calls,
      bridgeFire: (kind: string, value: unknown) => listeners[kind]?.forEach((l) => l(value)),
      parley: {
        getRefreshToken: (url: string) => record('getRefreshToken', url, tokens.get(url) ?? null),
        setRefreshToken: (url: string, token: string) => {
          tokens.set(url, token);
          return record('setRefreshToken', url, keepTokens);
        },
        deleteRefreshToken: (url: string) => record('deleteRefreshToken', url, tokens.delete(url)),
        openExternal: (url: string) => record('openExternal', url, undefined),
        setUnreadCount: (count: number) => record('setUnreadCount', count, undefined),
        notify: (notice: unknown) => record('notify', notice, undefined),
        listServers: () => record('listServers', null, servers),
        addServer: (server: Saved) => {
          servers = [...servers.filter((s) => s.url !== server.url), server];
          return record('addServer', server, servers);
        },
        removeServer: (url: string) => {
          servers = servers.filter((s) => s.url !== url);
          return record('removeServer', url, servers);
        },
        getHost: () =>
          record('getHost', null, {
            settings: {
              name: 'Desk',
              port: 4000,
              reach: 'local',
              registration: 'open',
              autoStart: false,
            },
            status: stopped,
          }),
        startHost: (settings: unknown) => record('startHost', settings, stopped),
        stopHost: () => record('stopHost', null, stopped),
        getLastBackup: () => record('getLastBackup', null, lastBackup),
        backupHost: () => {
          const at = Date.now();
          const stamp = new Date(at)
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z')
            .replaceAll(':', '-');
          const file = `parley-backup-${stamp}.tar.gz`;
          lastBackup = { at, folder: '/home/desk/Backups', file, bytes: 20_480 };
          return record('backupHost', null, { ok: true, backup: lastBackup });
        },
        inspectServer: (url: string) => record('inspectServer', url, { url, tls: false }),
        // main/server-check.ts in brief (it is unit-tested there): one pin per host name.
        checkServer: (server: Saved) => {
          const host = (url: string) => new URL(url).hostname;
          const pin = servers.find(
            (saved) =>
              server.fingerprint &&
              saved.fingerprint &&
              saved.fingerprint !== server.fingerprint &&
              host(saved.url) === host(server.url),
          );
          const saved = servers.find((known) => known.url === server.url);
          const lookalikes = servers.filter(
            (known) =>
              known.url !== server.url && known.name.toLowerCase() === server.name.toLowerCase(),
          );
          // main/setup-ipc.ts: under the policy's server lock, only a saved server passes.
          if (policy.locks.servers && !saved) {
            const refused =
              "Your organisation's Parley policy does not allow adding or removing servers.";
            return record('checkServer', server, { refused, lookalikes });
          }
          return record(
            'checkServer',
            server,
            pin
              ? {
                  mismatch: {
                    pinned: pin.fingerprint,
                    presented: server.fingerprint,
                    pinnedBy: pin.url,
                  },
                  lookalikes,
                }
              : { ...(saved && { saved }), lookalikes },
          );
        },
        listLanServers: () => record('listLanServers', null, lan ?? []),
        makeInvite: (request: { serverUrl: string; code?: string }) =>
          record('makeInvite', request, {
            link: `parley://join?v=1&server=${request.serverUrl}&code=${request.code ?? ''}`,
            text: `You are invited.\nparley://join?v=1&server=${request.serverUrl}&code=${request.code ?? ''}`,
          }),
        parseInvite: (text: string) =>
          record('parseInvite', text, invite ?? { ok: false, message: 'Not an invite.' }),
        pendingInvite: () => record('pendingInvite', null, null),
        downloadFile: (url: string) =>
          record('downloadFile', url, download ?? { ok: true, name: 'report.pdf' }),
        onOpenRoom: listen('room'),
        getAppSettings: () => record('getAppSettings', null, appView()),
        setAppSettings: (next: AppSettings) => {
          appSettings = next;
          return record('setAppSettings', next, appView());
        },
        getPolicy: () => record('getPolicy', null, policy),
        showMessageMenu: (request: unknown) => record('showMessageMenu', request, undefined),
        copyMessageLink: (target: unknown) => record('copyMessageLink', target, undefined),
        pendingMessageLink: () =>
          record('pendingMessageLink', null, options.pendingMessageLink ?? null),
        onHostStatus: listen('host'),
        onLanServers: listen('lan'),
        onInvite: listen('invite'),
        onOpenMessage: listen('message'),
        onWake: listen('wake'),
      },
    });
  }, options);
}

/** What the renderer asked of the bridge, by method. */
export function bridgeCalls(page: Page, method: string): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      (window as unknown as { bridgeCalls: Array<[string, unknown]> }).bridgeCalls
        .filter(([called]) => called === name)
        .map(([, arg]) => arg),
    method,
  );
}

/** Fires one of the bridge's events (`host`, `room`, `invite`, …) into the page, as main would. */
export function bridgeFire(page: Page, kind: string, value: unknown): Promise<void> {
  return page.evaluate(
    ([k, v]) =>
      (window as unknown as { bridgeFire: (k: string, v: unknown) => void }).bridgeFire(k, v),
    [kind, value] as const,
  );
}

/** The host status main reports while this computer hosts `hosted` (a running CliServer). */
export function hostRunning(
  hosted: { url: string; port: number },
  { connections, people }: { connections: number; people: number },
) {
  return {
    state: 'running',
    urls: [`${hosted.url}/`],
    connections,
    people,
    restarts: 0,
    port: hosted.port,
  };
}
