import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP, DEFAULT_HOST, SettingsStore } from '../../main/settings';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { safeStorage } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const SERVER = 'http://192.168.1.20:4000';
const TOKEN = 'refresh-token-0123456789abcdef';

describe('settings file', () => {
  it('starts from defaults when the file is missing, and writes it 0600', () => {
    const file = join(tempDir(), 'settings.json');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual({
      servers: [],
      host: DEFAULT_HOST,
      app: DEFAULT_APP,
      window: undefined,
    });
    store.addServer({ name: 'Office', url: SERVER });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new SettingsStore(file).get().servers).toEqual([{ name: 'Office', url: SERVER }]);
  });

  it('survives a corrupt file: defaults, and the broken file kept aside', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"servers": [{"name": "Off');
    const warnings: string[] = [];
    const store = new SettingsStore(file, (message) => warnings.push(message));
    expect(store.get().servers).toEqual([]);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
    expect(warnings[0]).toMatch(/unreadable/);
    store.addServer({ name: 'Office', url: SERVER });
    expect(JSON.parse(readFileSync(file, 'utf8')).servers).toHaveLength(1);
  });

  it('keeps the good parts of a damaged file', () => {
    const file = join(tempDir(), 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        servers: [
          { name: 'Office', url: SERVER },
          { name: 'Bad', url: 'javascript:alert(1)' },
          'junk',
        ],
        host: { name: 'x', port: 'four thousand' },
        window: { width: 900, height: 700, maximized: false, x: 10, y: 20 },
      }),
    );
    const settings = new SettingsStore(file).get();
    expect(settings.servers).toEqual([{ name: 'Office', url: SERVER }]);
    expect(settings.host).toEqual(DEFAULT_HOST);
    expect(settings.window).toEqual({ width: 900, height: 700, maximized: false, x: 10, y: 20 });
  });

  it('keeps the app section when a newer version added a key, and a bad field costs only itself', () => {
    const file = join(tempDir(), 'settings.json');
    const mine = {
      startAtLogin: true,
      startHidden: true,
      spellcheck: false,
      spellcheckLanguages: ['de'],
    };
    writeFileSync(file, JSON.stringify({ app: { ...mine, startMinimisedOnBattery: true } }));
    expect(new SettingsStore(file).get().app).toEqual(mine);
    writeFileSync(
      file,
      JSON.stringify({ app: { ...mine, startHidden: 'yes', spellcheckLanguages: [7] } }),
    );
    expect(new SettingsStore(file).get().app).toEqual({
      ...mine,
      startHidden: DEFAULT_APP.startHidden,
      spellcheckLanguages: DEFAULT_APP.spellcheckLanguages,
    });
    writeFileSync(file, JSON.stringify({ app: 'on' }));
    expect(new SettingsStore(file).get().app).toEqual(DEFAULT_APP);
  });

  it('survives a file that is valid JSON but not an object', () => {
    const file = join(tempDir(), 'settings.json');
    writeFileSync(file, '[1, 2, 3]');
    expect(new SettingsStore(file).get().servers).toEqual([]);
  });
});

describe('token vault (safeStorage)', () => {
  let file: string;
  beforeEach(() => {
    file = join(tempDir(), 'tokens.json');
    safeStorage.available = true;
    safeStorage.backend = 'gnome_libsecret';
  });
  const onDisk = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };

  it('writes tokens encrypted only, mode 0600, and reads them back in a new run', async () => {
    expect(await new TokenVault(file, 'linux').set(SERVER, TOKEN)).toBe(true);
    expect(onDisk()).not.toContain(TOKEN);
    expect(onDisk()).toContain(SERVER);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBe(TOKEN);
  });

  it('never writes a token when the Linux backend is basic_text: memory for this run only', async () => {
    safeStorage.backend = 'basic_text';
    const vault = new TokenVault(file, 'linux');
    expect(await vault.set(SERVER, TOKEN)).toBe(false);
    expect(onDisk()).not.toContain(TOKEN);
    expect(await vault.get(SERVER)).toBe(TOKEN);
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBeNull();
  });

  it('drops a token saved earlier once the backend turns out to be basic_text', async () => {
    await new TokenVault(file, 'linux').set(SERVER, TOKEN);
    safeStorage.backend = 'basic_text';
    const vault = new TokenVault(file, 'linux');
    expect(await vault.get(SERVER)).toBeNull();
    expect(await vault.set(SERVER, 'rotated')).toBe(false);
    expect(onDisk()).not.toContain(SERVER);
  });

  it('keeps tokens in memory when encryption is unavailable', async () => {
    safeStorage.available = false;
    const vault = new TokenVault(file, 'win32');
    expect(await vault.set(SERVER, TOKEN)).toBe(false);
    expect(onDisk()).toBe('');
  });

  it('a delete during a set wins: the token is not written back, on disk or in memory', async () => {
    const vault = new TokenVault(file, 'linux');
    const setting = vault.set(SERVER, TOKEN);
    vault.delete(SERVER); // signing out while the token is still being encrypted
    await setting;
    expect(onDisk()).not.toContain(SERVER);
    expect(await vault.get(SERVER)).toBeNull();
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBeNull();
    // Two sets racing: the later one is what stays.
    await Promise.all([vault.set(SERVER, 'first'), vault.set(SERVER, 'second')]);
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBe('second');
    // A read still decrypting when a delete lands does not cache the token again.
    const reader = new TokenVault(file, 'linux');
    const reading = reader.get(SERVER);
    reader.delete(SERVER);
    await reading;
    expect(await reader.get(SERVER)).toBeNull();
  });

  it('treats a token that cannot be decrypted as signed out, and forgets it', async () => {
    writeFileSync(file, JSON.stringify({ [SERVER]: Buffer.from('garbage').toString('base64') }));
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBeNull();
    expect(onDisk()).not.toContain(SERVER);
    writeFileSync(file, 'not json');
    expect(await new TokenVault(file, 'linux').get(SERVER)).toBeNull();
  });
});
