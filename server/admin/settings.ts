import type { ResolvedOptions } from '../options.js';
import type { ServerSettings } from '../protocol.js';
import type { AdminStore } from '../storage/admin-store.js';

/**
 * The server's live settings: what the owner set in the admin panel (kept in the database),
 * else the server's options. Read synchronously from memory on every request that needs one;
 * `load` runs once before the server listens, `update` writes through.
 */
export class LiveSettings {
  private value: ServerSettings;

  constructor(
    private readonly store: Pick<AdminStore, 'readSettings' | 'writeSettings'>,
    options: Pick<ResolvedOptions, 'name' | 'registration'>,
  ) {
    this.value = {
      name: options.name,
      registration: options.registration,
      deletedUserMessages: 'keep',
    };
  }

  /** Reads what the database holds over the options' defaults. */
  async load(): Promise<ServerSettings> {
    this.value = { ...this.value, ...(await this.store.readSettings()) };
    return this.value;
  }

  current(): ServerSettings {
    return this.value;
  }

  /** Stores the change durably, then makes it current; resolves with the new settings. */
  async update(patch: Partial<ServerSettings>): Promise<ServerSettings> {
    await this.store.writeSettings(patch);
    this.value = { ...this.value, ...patch };
    return this.value;
  }
}
