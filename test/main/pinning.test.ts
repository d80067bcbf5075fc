import { describe, expect, it, vi } from 'vitest';
import { certificateVerdict, normalizeFingerprint } from '../../main/tls/pins';
import {
  CERT_DEFAULT,
  CERT_OK,
  CERT_REFUSED,
  certificateVerifyProc,
} from '../../main/tls/setup-pinning';
import { loadOrCreateCertificate } from '../../server/tls/self-signed';
import { certificateFingerprint } from '../../server/tls/fingerprint';
import { tempDir } from '../server/helpers';

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
