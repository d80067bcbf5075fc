import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { inviteLink, parseInvite } from '../../main/invite-link';
import { NO_POLICY } from '../../main/policy-state';
import { SettingsStore } from '../../main/settings';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { certificateVerdict, normalizeFingerprint, pinConflict } from '../../main/tls/pins';
import {
  CERT_DEFAULT,
  CERT_OK,
  CERT_REFUSED,
  certificateVerifyProc,
} from '../../main/tls/setup-pinning';
import { loadOrCreateCertificate } from '../../server/tls/self-signed';
import { certificateFingerprint } from '../../server/tls/fingerprint';
import { tempDir } from '../server/helpers';
import { notHosting } from './not-hosting';
import { FakeWebContents, ipcMain } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const servers = [
  { name: 'Office', url: 'https://192.168.1.20:4443', fingerprint: A },
  { name: 'Plain', url: 'http://192.168.1.30:4000' },
  { name: 'Public', url: 'https://chat.example.org' },
];

describe('certificate pinning decisions', () => {
  it('trusts a matching pin and refuses a mismatch on the pinned host', () => {
    expect(certificateVerdict(servers, '192.168.1.20', A)).toBe('trust');
    expect(certificateVerdict(servers, '192.168.1.20', B)).toBe('refuse');
  });

  it('leaves hosts without a pin to the normal checks (first use is decided by the person)', () => {
    expect(certificateVerdict(servers, '192.168.1.99', A)).toBe('default');
    expect(certificateVerdict(servers, 'chat.example.org', B)).toBe('default');
    expect(certificateVerdict([], '192.168.1.20', A)).toBe('default');
  });

  it('scopes pins to their own host, and never to plain-http servers', () => {
    // A pin on one host says nothing about another, even one that serves the same certificate.
    expect(certificateVerdict(servers, '192.168.1.21', A)).toBe('default');
    const httpWithPin = [{ name: 'x', url: 'http://10.0.0.5:4000', fingerprint: A }];
    expect(certificateVerdict(httpWithPin, '10.0.0.5', B)).toBe('default');
    const ipv6 = [{ name: 'v6', url: 'https://[fd00::2]:4443', fingerprint: A }];
    expect(certificateVerdict(ipv6, 'fd00::2', A)).toBe('trust');
    expect(certificateVerdict(ipv6, 'FD00::2', B)).toBe('refuse');
  });

  it('a host has one pin: another fingerprint for it, on any port, is a conflict', () => {
    const onOtherPort = { name: 'Office', url: 'https://192.168.1.20:9999', fingerprint: B };
    expect(pinConflict(servers, onOtherPort)).toMatchObject({
      kind: 'changed',
      pin: servers[0],
      presented: B,
    });
    // The same pin on another port, or no pin at all, adds no trust.
    expect(pinConflict(servers, { ...onOtherPort, fingerprint: A })).toBeUndefined();
    expect(pinConflict(servers, { name: 'x', url: 'https://192.168.1.20:9999' })).toBeUndefined();
    // Spellings of the same host: upper case, a trailing dot, IPv6 with brackets.
    const named = [{ name: 'Lan', url: 'https://office.lan:4443', fingerprint: A }];
    for (const url of ['https://OFFICE.lan:1', 'https://office.lan.:4443', 'https://office.lan..'])
      expect(pinConflict(named, { name: 'x', url, fingerprint: B })?.kind).toBe('changed');
    // An IPv4-mapped IPv6 spelling of a pinned IPv4 address is that address.
    for (const url of ['https://[::ffff:192.168.1.20]:4000', 'https://[::ffff:c0a8:114]'])
      expect([url, pinConflict(servers, { name: 'x', url, fingerprint: B })?.kind]).toEqual([
        url,
        'changed',
      ]);
    // A host a CA vouches for gets no pin from an invite: it would override the CA there.
    expect(
      pinConflict(servers, { name: 'x', url: 'https://chat.example.org:8443', fingerprint: B }),
    ).toMatchObject({ kind: 'ca', saved: servers[2] });
    // Plain http and other hosts are not concerned.
    expect(
      pinConflict(servers, { name: 'x', url: 'https://192.168.1.21:4443', fingerprint: B }),
    ).toBeUndefined();
  });

  it('refuses every certificate on a host that a hand-edited file pinned twice', () => {
    const twice = [
      ...servers,
      { name: 'Second', url: 'https://192.168.1.20:9999', fingerprint: B },
    ];
    expect(certificateVerdict(twice, '192.168.1.20', A)).toBe('refuse');
    expect(certificateVerdict(twice, '192.168.1.20', B)).toBe('refuse');
    // The same certificate saved for two ports is one pin, not two.
    const samePin = [
      ...servers,
      { name: 'Same', url: 'https://192.168.1.20:9999', fingerprint: A },
    ];
    expect(certificateVerdict(samePin, '192.168.1.20', A)).toBe('trust');
  });

  it('reads fingerprints as people write them', () => {
    expect(normalizeFingerprint(`${'AB12 '.repeat(16)}`)).toBe('ab12'.repeat(16));
    expect(normalizeFingerprint('AB:12:'.repeat(16).slice(0, -1))).toBe('ab12'.repeat(16));
    expect(normalizeFingerprint('ab12')).toBeUndefined();
    expect(normalizeFingerprint('zz'.repeat(32))).toBeUndefined();
  });

  it("answers Chromium's verify hook with accept, refuse or default", async () => {
    const { cert } = await loadOrCreateCertificate(tempDir());
    const pinned = [
      { name: 'Host', url: 'https://10.1.2.3:4443', fingerprint: certificateFingerprint(cert) },
    ];
    const verify = certificateVerifyProc(() => pinned);
    const answer = (hostname: string, data: string) => {
      let verdict: number | undefined;
      verify({ hostname, certificate: { data } }, (code) => (verdict = code));
      return verdict;
    };
    const { cert: other } = await loadOrCreateCertificate(tempDir());
    expect(answer('10.1.2.3', cert)).toBe(CERT_OK);
    expect(answer('10.1.2.3', other)).toBe(CERT_REFUSED);
    expect(answer('10.9.9.9', cert)).toBe(CERT_DEFAULT);
    expect(answer('10.1.2.3', 'not a certificate')).toBe(CERT_REFUSED);
  });
});

describe('one host, two pins (the attack, end to end in the main process)', () => {
  /** The IPC handlers as the app registers them, called as its own window. */
  function app(settings: SettingsStore) {
    ipcMain.handlers.clear();
    const ours = new FakeWebContents();
    setupIpc({
      own: () => [ours as never],
      settings,
      vault: new TokenVault(`${tempDir()}/t.json`),
      policy: NO_POLICY,
      host: notHosting,
    });
    const event = { sender: ours, senderFrame: { url: 'app://parley/index.html', parent: null } };
    return (channel: string, ...args: unknown[]) =>
      ipcMain.handlers.get(channel)?.(event, ...args) as Promise<any>;
  }

  it('an invite to another port of a pinned host, with another certificate, is refused and trusts nothing', async () => {
    const { cert: genuine } = await loadOrCreateCertificate(tempDir());
    const { cert: attacker } = await loadOrCreateCertificate(tempDir());
    const settings = new SettingsStore(join(tempDir(), 'settings.json'));
    const invoke = app(settings);
    const office = {
      name: 'Office',
      url: 'https://10.0.0.5:4443',
      fingerprint: certificateFingerprint(genuine),
    };
    await invoke('servers:add', office);

    const link = inviteLink({
      serverUrl: 'https://10.0.0.5:9999',
      name: 'Office',
      fingerprint: certificateFingerprint(attacker),
      expiresAt: Date.now() + 60_000,
    });
    const parsed = parseInvite(link);
    if (!parsed.ok) throw new Error(parsed.message);
    const { serverUrl: url, name, fingerprint } = parsed.invite;
    // What the renderer asks before offering it: refused, with both fingerprints to show.
    expect(await invoke('servers:check', { name, url, fingerprint })).toMatchObject({
      mismatch: {
        pinned: office.fingerprint,
        presented: certificateFingerprint(attacker),
        pinnedBy: office.url,
      },
      lookalikes: [office],
    });
    // And if it is added anyway (another window, a subverted renderer): refused at the root.
    await expect(invoke('servers:add', { name, url, fingerprint })).rejects.toThrow(
      /10\.0\.0\.5 is already pinned to another certificate/,
    );
    expect(settings.get().servers).toEqual([office]);

    // Chromium's hook, told only the host name: the real port still trusts the original only.
    const verify = certificateVerifyProc(() => settings.get().servers);
    const answer = (data: string) => {
      let verdict: number | undefined;
      verify({ hostname: '10.0.0.5', certificate: { data } }, (code) => (verdict = code));
      return verdict;
    };
    expect(answer(genuine)).toBe(CERT_OK);
    expect(answer(attacker)).toBe(CERT_REFUSED);
  });

  it('a settings file edited on disk to hold two pins for one host: both are refused', async () => {
    const { cert: first } = await loadOrCreateCertificate(tempDir());
    const { cert: second } = await loadOrCreateCertificate(tempDir());
    const file = join(tempDir(), 'settings.json');
    const pinned = (port: number, cert: string) => ({
      name: `p${port}`,
      url: `https://10.0.0.5:${port}`,
      fingerprint: certificateFingerprint(cert),
    });
    writeFileSync(file, JSON.stringify({ servers: [pinned(4443, first), pinned(9999, second)] }));
    const warnings: string[] = [];
    const settings = new SettingsStore(file, (message) => warnings.push(message));
    expect(warnings).toEqual(['settings: 10.0.0.5 has 2 pinned certificates; all are refused']);
    const verify = certificateVerifyProc(() => settings.get().servers);
    for (const cert of [first, second]) {
      let verdict: number | undefined;
      verify({ hostname: '10.0.0.5', certificate: { data: cert } }, (code) => (verdict = code));
      expect(verdict).toBe(CERT_REFUSED);
    }
    // Nothing more can be pinned there until the person removes one of them.
    const { cert: third } = await loadOrCreateCertificate(tempDir());
    expect(() => settings.addServer(pinned(7000, third))).toThrow(/already pinned/);
  });
});
