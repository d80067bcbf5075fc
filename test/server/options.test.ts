import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { silentLogger } from '../../server/logger.js';
import { loadOrCreateCertificate } from '../../server/tls/self-signed.js';
import { tempDir } from './helpers.js';

describe('options are checked before anything is opened', () => {
  it('parses the TLS certificate and key first: a bad pair opens no data dir and no database', async () => {
    const good = await loadOrCreateCertificate(tempDir());
    const other = await loadOrCreateCertificate(tempDir());
    const broken = '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n';
    const cases: Array<[{ cert: string; key: string }, RegExp]> = [
      [{ cert: broken, key: good.key }, /"tls" must be a PEM certificate and its private key/],
      [{ cert: good.cert, key: '-----BEGIN PRIVATE KEY-----\nxx\n' }, /"tls"/],
      [{ cert: good.cert, key: other.key }, /"tls" must be a certificate and its own key/],
    ];
    for (const [tls, message] of cases) {
      const dataDir = join(tempDir(), 'data');
      expect(() => createChatServer({ dataDir, tls, logger: silentLogger })).toThrow(message);
      // Not even the data dir: the secret file and SQLite were never reached.
      expect(existsSync(dataDir)).toBe(false);
    }
    const dataDir = join(tempDir(), 'data');
    const server = createChatServer({ dataDir, tls: good, logger: silentLogger });
    expect(server.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await server.close();
  });

  it('refuses unknown option keys, as a typo should be', () => {
    const dataDir = join(tempDir(), 'data');
    expect(() =>
      createChatServer({ dataDir, acessTokenTtlSec: 60, logger: silentLogger } as never),
    ).toThrow(/"acessTokenTtlSec" must be a known option/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('keeps the expiry notice shorter than the token lifetime, scaling its default', async () => {
    const dataDir = join(tempDir(), 'data');
    expect(() =>
      createChatServer({
        dataDir,
        accessTokenTtlSec: 30,
        expiringNoticeSec: 60,
        logger: silentLogger,
      }),
    ).toThrow(/"expiringNoticeSec" must be shorter than accessTokenTtlSec \(30\)/);
    expect(() =>
      createChatServer({
        dataDir,
        accessTokenTtlSec: 30,
        expiringNoticeSec: 30,
        logger: silentLogger,
      }),
    ).toThrow(/"expiringNoticeSec"/);
    const short = createChatServer({ dataDir, accessTokenTtlSec: 30, logger: silentLogger });
    expect(short.options.expiringNoticeSec).toBe(6);
    await short.close();
    const usual = createChatServer({ dataDir, logger: silentLogger });
    expect(usual.options.expiringNoticeSec).toBe(60);
    await usual.close();
  });
});
