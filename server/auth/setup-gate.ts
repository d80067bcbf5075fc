import type { AccountStore } from '../storage/store.js';
import { loadOrCreateSetupCode, removeSetupCode, setupCodeMatches } from './setup-code.js';

/**
 * Whether the server still has no owner, and the setup code that creating one needs. The code
 * lives from the first start of a server without accounts until its owner exists; then it is
 * forgotten and its file removed, so it works once.
 */
export class SetupGate {
  private code: string | undefined;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly store: Pick<AccountStore, 'countUsers'>,
  ) {}

  /**
   * The code while the server has no owner, else undefined. The first call makes the code (and
   * its file) if the server has no accounts, or removes a stale file if it has; the server calls
   * it before it listens, so a fresh server is never reachable without its code.
   */
  async pendingCode(): Promise<string | undefined> {
    this.loaded ??= this.load();
    await this.loaded;
    // Accounts made beside this server (straight in its store) end the setup as well.
    if (this.code !== undefined && (await this.store.countUsers()) > 0) this.finish();
    return this.code;
  }

  /** True when `candidate` is the pending code (constant time); false once the owner exists. */
  matches(candidate: string | undefined): boolean {
    return this.code !== undefined && setupCodeMatches(this.code, candidate);
  }

  /** The owner exists: the code is spent and its file removed. */
  finish(): void {
    this.code = undefined;
    removeSetupCode(this.dataDir);
  }

  private async load(): Promise<void> {
    if ((await this.store.countUsers()) === 0) this.code = loadOrCreateSetupCode(this.dataDir);
    else removeSetupCode(this.dataDir);
  }
}
