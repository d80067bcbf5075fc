import { renameSync } from 'node:fs';
import * as z from 'zod';
import type { AppSettings, HostSettings, SavedServer } from './ipc-channels';
import { appSettingsSchema, hostSettingsSchema, savedServerSchema } from './ipc-schemas';
import { readJsonFile, writeJsonFile } from './json-file';
import { conflictMessage, pinConflict, pinsForHost } from './tls/pins';

export const DEFAULT_HOST: HostSettings = {
  name: 'Parley',
  port: 4000,
  reach: 'local',
  registration: 'open',
  autoStart: false,
};

export const DEFAULT_APP: AppSettings = {
  startAtLogin: false,
  startHidden: false,
  spellcheck: true,
  spellcheckLanguages: null,
};

const windowSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowSchema>;

/** The host screen's last backup (see `LastBackup`). */
const lastBackupSchema = z.object({
  at: z.number().int().positive(),
  folder: z.string().min(1).max(4096),
  file: z.string().min(1).max(255),
  bytes: z.number().int().nonnegative(),
});

/**
 * The `app` section as the file holds it: each field falls back to its default on its own, and
 * keys this version does not know (a newer version's) are dropped rather than refused, so they
 * cannot reset the section, whose `startAtLogin: false` would then remove the login entry at the
 * next start. The IPC schema stays strict: a page sends exactly these fields.
 */
const appFileSchema = z
  .object({
    startAtLogin: appSettingsSchema.shape.startAtLogin.catch(DEFAULT_APP.startAtLogin),
    startHidden: appSettingsSchema.shape.startHidden.catch(DEFAULT_APP.startHidden),
    spellcheck: appSettingsSchema.shape.spellcheck.catch(DEFAULT_APP.spellcheck),
    spellcheckLanguages: appSettingsSchema.shape.spellcheckLanguages.catch(
      DEFAULT_APP.spellcheckLanguages,
    ),
  })
  .catch(DEFAULT_APP);

/**
 * Each section falls back to its default on its own, so one bad entry (a hand edit, a newer
 * version's field) costs that section only, never the list of servers.
 */
const settingsSchema = z.object({
  servers: z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((item) => savedServerSchema.safeParse(item).data ?? []).slice(0, 100),
    ),
  host: hostSettingsSchema.catch(DEFAULT_HOST),
  app: appFileSchema,
  window: windowSchema.optional().catch(undefined),
  backup: lastBackupSchema.optional().catch(undefined),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The app's settings file (`settings.json` in userData), kept in memory and written on change. */
export class SettingsStore {
  private settings: Settings;

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void = console.warn,
  ) {
    this.settings = this.load();
  }

  get(): Readonly<Settings> {
    return this.settings;
  }

  update(change: (settings: Settings) => Settings): Settings {
    this.settings = settingsSchema.parse(change(structuredClone(this.settings)));
    writeJsonFile(this.file, this.settings);
    return this.settings;
  }

  /**
   * Adds a server, or renames one already saved (keeping its place and its pin). A host has one
   * pinned certificate at most: a server whose fingerprint differs from its host's pin (on any
   * port) is refused, so an invite or an mDNS answer from someone else can neither re-pin a
   * server the person trusts nor add a second trusted certificate for its host.
   */
  addServer(server: SavedServer): SavedServer[] {
    const conflict = pinConflict(this.settings.servers, server);
    if (conflict) throw new Error(conflictMessage(conflict));
    const known = this.settings.servers.find((saved) => saved.url === server.url);
    const fingerprint = known?.fingerprint ?? server.fingerprint;
    const merged: SavedServer = {
      name: server.name,
      url: server.url,
      ...(fingerprint && { fingerprint }),
    };
    return this.update((s) => ({
      ...s,
      servers: known
        ? s.servers.map((saved) => (saved.url === server.url ? merged : saved))
        : [...s.servers, merged],
    })).servers;
  }

  removeServer(url: string): SavedServer[] {
    return this.update((s) => ({ ...s, servers: s.servers.filter((known) => known.url !== url) }))
      .servers;
  }

  private load(): Settings {
    let raw: unknown;
    try {
      raw = readJsonFile(this.file);
    } catch (error) {
      // Not JSON at all: keep the broken file for a person to look at, and start afresh.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      this.log(`settings: ${this.file} was unreadable (${String(error)}); moved to ${aside}`);
      raw = undefined;
    }
    const isRecord = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const settings = settingsSchema.parse(isRecord ? raw : {});
    this.warnOfDoublePins(settings.servers);
    return settings;
  }

  /**
   * Two pins for one host come only from a hand edit: they stay as they are (the verdict refuses
   * that host until the person removes one), and the log says why its servers fail.
   */
  private warnOfDoublePins(servers: readonly SavedServer[]): void {
    const hosts = new Set(servers.map((server) => new URL(server.url).hostname));
    for (const host of hosts) {
      const pins = new Set(pinsForHost(servers, host).map((pin) => pin.fingerprint));
      if (pins.size > 1)
        this.log(`settings: ${host} has ${pins.size} pinned certificates; all are refused`);
    }
  }
}
