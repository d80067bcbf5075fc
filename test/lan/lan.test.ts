import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runIn, type NsProcess, type Report } from './in-namespace';
import { createLan, namespacesUnavailable, type Lan } from './netns';

/**
 * What a LAN really is, two hosts on a link, built from network namespaces (see netns.ts) so that
 * nothing is sent beyond this machine. The server, main/'s LAN browser and main/'s pinned TLS
 * each run as a child process inside their namespace (the scripts next to this file).
 */
const CI = ['true', '1'].includes(process.env.CI ?? '');
const unavailable = namespacesUnavailable();
if (unavailable && !CI) console.warn(`LAN tests (namespaces) skipped: ${unavailable}.`);

describe.skipIf(unavailable !== undefined && !CI)('a LAN of network namespaces', () => {
  let lan: Lan | undefined;
  const dirs: string[] = [];
  const net = () => lan ?? (expect.fail('no namespace LAN') as never);

  beforeAll(() => {
    if (unavailable)
      throw new Error(`CI must run the LAN tests, which need network namespaces: ${unavailable}`);
    lan = createLan();
  });

  // A failed test's children must not hold the ports of the next test.
  afterEach(killAll);
  // Children first: a namespace with a process in it outlives its name.
  afterAll(async () => {
    await killAll();
    lan?.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A server (test/lan/serve.ts) in `ns`; advertising off unless asked. */
  async function serve(ns: string, name: string, port: number, advertise = false) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-lan-'));
    dirs.push(dataDir);
    const env = { PARLEY_NO_MDNS: advertise ? undefined : '1' };
    const proc = runIn(ns, 'serve.ts', [String(port), name, dataDir], env);
    const ready = await proc.report((r) => r.event === 'ready', `${name} to start`);
    const stop = async () => {
      await proc.stop();
      return (await proc.report((r) => r.event === 'stopped', `${name} to stop`)).seen;
    };
    return {
      ...(ready as Report & { fingerprint: string; serverId: string; setupCode: string }),
      dataDir,
      stop,
    };
  }

  /** The guest's list of servers once `check` holds for it. */
  const listWhen = (browser: NsProcess, check: (servers: any[]) => boolean, what: string) =>
    browser.report((r) => r.event === 'list' && check(r.servers), what);

  it('the guest finds the host advertised with its TXT fields, and loses it once it closes', async () => {
    const { host, guest, hostAddress } = net();
    // With PARLEY_NO_MDNS, Muted must never show up, though it is up on the same link.
    const [muted, office] = await Promise.all([
      serve(host, 'Muted', 4001),
      serve(host, 'Office', 4000, true),
    ]);
    const browser = runIn(guest, 'browse.ts', []);
    const isOffice = (s: { serverId: string }) => s.serverId === office.serverId;
    await listWhen(browser, (list) => list.some(isOffice), 'the advertised server');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a muted answer to come
    const servers = browser.latest((r) => r.event === 'list')?.servers;
    expect(servers).toEqual([
      {
        name: 'Office',
        url: `https://${hostAddress}:4000`,
        serverId: office.serverId,
        fingerprint: office.fingerprint,
      },
    ]);

    await office.stop();
    await listWhen(browser, (list) => !list.some(isOffice), 'the goodbye');
    await Promise.all([browser.stop(), muted.stop()]);
  }, 60_000);

  it('the guest pins the certificate and chats over HTTPS and WSS across the link', async () => {
    const { host, guest, hostAddress } = net();
    const office = await serve(host, 'Office', 4000);
    const origin = `https://${hostAddress}:4000`;
    const args = ['chat', origin, office.fingerprint, office.setupCode];
    const chat = await runIn(guest, 'guest.ts', args).report((r) => r.event !== 'list', 'the chat');
    expect(chat).toMatchObject({
      event: 'chat',
      info: { name: 'Office' },
      roles: ['owner', 'member'],
      ack: { ok: true, message: { text: 'hello across the link' } },
      received: { roomId: 1, text: 'hello across the link', author: { username: 'alice' } },
    });
    // Everything came from the guest's address, over the veth link.
    expect(await office.stop()).toMatchObject({ upgrades: 2, peers: ['10.77.0.2'] });
  }, 60_000);

  it('refuses another machine that takes over the address with another certificate', async () => {
    const { host, guest, rogue, hostAddress } = net();
    const office = await serve(host, 'Office', 4000);
    net().toRogue();
    try {
      // Made on a live link, its certificate names the address, as the real one's does.
      const impostor = await serve(rogue, 'Office', 4000);
      expect(impostor.fingerprint).not.toBe(office.fingerprint);
      const origin = `https://${hostAddress}:4000`;
      const pinnedCert = join(office.dataDir, 'tls-cert.pem');
      const args = ['impostor', origin, office.fingerprint, pinnedCert];
      const outcome = await runIn(guest, 'guest.ts', args).report(
        (r) => r.event !== 'list',
        'the attempts',
      );
      expect(outcome).toMatchObject({
        event: 'impostor',
        presented: { fingerprint: impostor.fingerprint },
        probe: { name: 'CertificateMismatch' },
        https: { message: expect.stringMatching(/self-signed certificate/) },
        wss: { message: expect.stringMatching(/websocket error/) },
      });
      // Its certificate names this very address: only the pin tells it from the real server.
      expect(new X509Certificate(outcome.presented.pem).checkIP(hostAddress)).toBe(hostAddress);
      // Four handshakes reached it, and not one request or socket.
      const seen = await impostor.stop();
      expect(seen).toEqual({ connections: 4, requests: 0, upgrades: 0, peers: ['10.77.0.2'] });
      expect((await office.stop()).connections).toBe(0);
    } finally {
      net().toHost();
    }
  }, 60_000);
});
