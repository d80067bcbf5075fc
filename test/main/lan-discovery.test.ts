import { describe, expect, it } from 'vitest';
import { browseLan } from '../../main/lan/lan-browser';
import type { LanServer } from '../../main/ipc-channels';
import { createChatServer } from '../../server/create-chat-server';
import { advertise } from '../../server/lan/advertise';
import { silentLogger } from '../../server/logger';
import { PROTOCOL_VERSION } from '../../server/protocol';
import { loadOrCreateCertificate } from '../../server/tls/self-signed';
import { tempDir } from '../server/helpers';

/** Resolves once `check` passes on the browser's list (or fails after 10 s). */
function until(latest: () => LanServer[], check: (list: LanServer[]) => boolean, what: string) {
  return new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = setInterval(() => {
      if (check(latest())) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}; list: ${JSON.stringify(latest())}`));
      }
    }, 50);
  });
}

/**
 * Real multicast DNS on this machine's network interface: the server advertises with
 * bonjour-service, and main/'s browser (another mDNS socket) finds it, then sees it go.
 */
describe('LAN discovery over mDNS', () => {
  it('finds an advertised server with its TXT fields, and loses it after close()', async () => {
    const dataDir = tempDir();
    const server = createChatServer({
      dataDir,
      name: 'Discovery Test',
      tls: await loadOrCreateCertificate(dataDir),
      logger: silentLogger,
    });
    const { port } = await server.listen(0, '0.0.0.0');
    let latest: LanServer[] = [];
    const browser = browseLan((list) => (latest = list));
    const mdns = advertise(
      {
        name: 'Discovery Test',
        serverId: server.serverId,
        port,
        protocol: PROTOCOL_VERSION,
        fingerprint: server.fingerprint,
      },
      silentLogger,
    );
    try {
      const ours = () => latest.find((entry) => entry.serverId === server.serverId);
      await until(
        () => latest,
        () => ours() !== undefined,
        'the advertised server',
      );
      expect(ours()).toMatchObject({
        name: 'Discovery Test',
        fingerprint: server.fingerprint,
        url: expect.stringMatching(new RegExp(`^https://\\d+\\.\\d+\\.\\d+\\.\\d+:${port}$`)),
      });
      const health = await fetch(`${ours()?.url.replace('https:', 'http:')}/healthz`).catch(
        () => undefined,
      );
      expect(health).toBeUndefined(); // it speaks TLS only

      await Promise.all([mdns.stop(), server.close()]);
      await until(
        () => latest,
        () => ours() === undefined,
        'the goodbye',
      );
    } finally {
      browser.stop();
      await Promise.all([mdns.stop(), server.close()]);
    }
  });
});
