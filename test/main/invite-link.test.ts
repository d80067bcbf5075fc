import { describe, expect, it } from 'vitest';
import { inviteLink, inviteText, parseInvite } from '../../main/invite-link';

const FP = 'ab12'.repeat(16);
const NOW = Date.UTC(2026, 10, 29);
const invite = {
  serverUrl: 'https://192.168.1.20:4443',
  name: 'Office',
  fingerprint: FP,
  code: 'Zk3_x-9',
  expiresAt: NOW + 7 * 24 * 3600 * 1000,
};

describe('invite links', () => {
  it('round-trips through the link and through the pasted text form', () => {
    expect(parseInvite(inviteLink(invite), NOW)).toEqual({ ok: true, invite });
    const text = inviteText(invite);
    expect(text).toContain('AB12 AB12');
    expect(text).toContain('Invite code: Zk3_x-9');
    expect(parseInvite(`Hi! ${text}\nSee you`, NOW)).toEqual({ ok: true, invite });
  });

  it('refuses an expired invite, saying when it expired', () => {
    const result = parseInvite(inviteLink({ ...invite, expiresAt: NOW - 1000 }), NOW);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^This invite expired on /),
    });
  });

  it('refuses unknown and hostile parameters with a clear message', () => {
    const link = (extra: Record<string, string>) => {
      const params = new URLSearchParams({
        v: '1',
        server: invite.serverUrl,
        name: 'Office',
        fp: FP,
        exp: String(invite.expiresAt / 1000),
        ...extra,
      });
      return `parley://join?${params.toString()}`;
    };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ token: 'x' }, /parts Parley does not know \(token\)/],
      [{ server: 'javascript:alert(1)' }, /not a valid http\(s\) address/],
      [{ server: 'file:///etc/passwd' }, /not a valid http\(s\) address/],
      [{ server: 'https://user:pw@192.168.1.20:4443' }, /not a valid http\(s\) address/],
      [{ server: 'https://192.168.1.20:4443/path?q=1' }, /not a valid http\(s\) address/],
      [{ server: 'http://192.168.1.20:4000' }, /without TLS: it is not genuine/],
      [{ fp: 'ab12' }, /fingerprint in this invite is not valid/],
      [{ code: '<script>' }, /invite code in this link is not valid/],
      [{ name: '' }, /server name in this invite is missing/],
      [{ name: 'x\u0007' }, /server name in this invite is missing or not valid/],
      [{ exp: 'soon' }, /no valid expiry/],
      [{ v: '2' }, /another version of Parley/],
    ];
    for (const [extra, message] of cases) {
      const result = parseInvite(link(extra), NOW);
      expect(result.ok, JSON.stringify(extra)).toBe(false);
      if (!result.ok) expect(result.message, JSON.stringify(extra)).toMatch(message);
    }
    expect(parseInvite('hello there', NOW)).toMatchObject({
      ok: false,
      message: /no parley:\/\/join link/,
    });
    expect(parseInvite(`parley://join?${'a=1&'.repeat(600)}`, NOW)).toMatchObject({
      ok: false,
      message: /too long/,
    });
  });
});
