import { safeStorage } from 'electron';
import * as z from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

const fileSchema = z.record(z.string(), z.string());

/**
 * Refresh tokens, one per server, encrypted with Electron's safeStorage (the OS keychain) in a
 * file of their own. Where safeStorage cannot really encrypt (unavailable, or Linux's
 * `basic_text` backend, which only obfuscates with a fixed key), tokens stay in memory for this
 * run: a person signs in again next time, and nothing readable is left on disk.
 */
export class TokenVault {
  private readonly memory = new Map<string, string>();
  /**
   * Bumped by every set and delete of a server's token. Encryption and decryption are async, so
   * an older call can finish after a newer one: it then writes nothing, and cannot bring back a
   * token that a later delete removed (or overwrite a newer one).
   */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** True when tokens can be written to disk encrypted. Ask after the app is ready. */
  async canPersist(): Promise<boolean> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    return !(this.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  }

  /** The token, or null; one that cannot be decrypted is dropped, so the person signs in again. */
  async get(serverUrl: string): Promise<string | null> {
    const cached = this.memory.get(serverUrl);
    if (cached !== undefined) return cached;
    const sealed = this.readFile()[serverUrl];
    const version = this.version(serverUrl);
    if (sealed === undefined || !(await this.canPersist())) return null;
    try {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
      if (this.version(serverUrl) !== version) return this.memory.get(serverUrl) ?? null;
      this.memory.set(serverUrl, result);
      return result;
    } catch {
      if (this.version(serverUrl) === version) this.delete(serverUrl);
      return null;
    }
  }

  /** Keeps the token; false when it is kept in memory only (see the class comment). */
  async set(serverUrl: string, token: string): Promise<boolean> {
    const version = this.bump(serverUrl);
    this.memory.set(serverUrl, token);
    const persist = await this.canPersist();
    if (this.version(serverUrl) !== version) return persist; // a newer set or delete decides
    if (!persist) {
      this.dropFromFile(serverUrl);
      return false;
    }
    const sealed = (await safeStorage.encryptStringAsync(token)).toString('base64');
    if (this.version(serverUrl) !== version) return true;
    writeJsonFile(this.file, { ...this.readFile(), [serverUrl]: sealed });
    return true;
  }

  delete(serverUrl: string): void {
    this.bump(serverUrl);
    this.memory.delete(serverUrl);
    this.dropFromFile(serverUrl);
  }

  private version(serverUrl: string): number {
    return this.versions.get(serverUrl) ?? 0;
  }

  private bump(serverUrl: string): number {
    const next = this.version(serverUrl) + 1;
    this.versions.set(serverUrl, next);
    return next;
  }

  private dropFromFile(serverUrl: string): void {
    const { [serverUrl]: dropped, ...rest } = this.readFile();
    if (dropped !== undefined) writeJsonFile(this.file, rest);
  }

  /** The file's entries; a damaged file counts as empty (its tokens are then simply gone). */
  private readFile(): Record<string, string> {
    try {
      return fileSchema.parse(readJsonFile(this.file) ?? {});
    } catch {
      return {};
    }
  }
}
