import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableByOthers } from '../../server/private-file.js';
import { loadOrCreateCertificate } from '../../server/tls/self-signed.js';
import { tempDir } from './helpers.js';

describe('private files: keys and secrets', () => {
  it('refuses a TLS key others can read, except on Windows where mode bits mean nothing', async () => {
    const dataDir = tempDir();
    const first = await loadOrCreateCertificate(dataDir);
    const keyPath = join(dataDir, 'tls-key.pem');
    // What Windows' stat reports for every file, whatever its ACL.
    chmodSync(keyPath, 0o666);
    expect(readableByOthers(keyPath, 'linux')).toBe(true);
    expect(readableByOthers(keyPath, 'win32')).toBe(false);
    await expect(loadOrCreateCertificate(dataDir, 'linux')).rejects.toThrow(/readable by other/);
    // The second start on Windows keeps the same certificate instead of failing.
    const again = await loadOrCreateCertificate(dataDir, 'win32');
    expect(again).toEqual(first);
    chmodSync(keyPath, 0o600);
    expect(await loadOrCreateCertificate(dataDir, 'linux')).toEqual(first);
  });
});
