import { describe, expect, it, vi } from 'vitest';
import { mergePresets } from '../../main/policy-apply';
import { policySchema, policyState } from '../../main/policy-schema';
import { NO_POLICY } from '../../main/policy-state';

// policy-apply.ts also registers IPC; its pure merge is what this file tests.
vi.mock('electron', () => import('./fake-electron'));

const FP = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);
const server = (url: string, fingerprint?: string) => ({ name: 'A', url, fingerprint });

/** Where each problem is ("servers.1.url") and what it says. */
function problems(input: unknown): string[] {
  const parsed = policySchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the policy schema', () => {
  it('locks only what it names: a key left out, or allowed, stays with the person', () => {
    const state = (input: unknown) => policyState('/p', policySchema.parse(input));
    expect(state({ version: 1 })).toEqual({ ...NO_POLICY, file: '/p' });
    expect(state({ version: 1, allowHosting: true, allowServerChanges: true }).locks).toEqual(
      NO_POLICY.locks,
    );
    // Naming the channel at all is the policy's choice: the person cannot change it.
    expect(state({ version: 1, updateChannel: 'default' }).locks.updates).toBe(true);
    expect(state({ version: 1, allowStartAtLogin: false }).locks).toEqual({
      ...NO_POLICY.locks,
      startAtLogin: true,
    });
  });

  it('normalises what admins paste: grouped or colon fingerprints, a trailing slash', () => {
    const grouped = (FP.toUpperCase().match(/.{4}/g) ?? []).join(' ');
    const colons = (FP.toUpperCase().match(/.{2}/g) ?? []).join(':');
    const parsed = policySchema.parse({
      version: 1,
      servers: [server('https://a.example/', grouped), server('https://b.example:8443', colons)],
    });
    expect(parsed.servers?.map((s) => [s.url, s.fingerprint])).toEqual([
      ['https://a.example', FP],
      ['https://b.example:8443', FP],
    ]);
  });

  it.each([
    ['a typo, named', { version: 1, allowHostng: false }, ': Unrecognized key: "allowHostng"'],
    ['no version', { allowHosting: false }, 'version: '],
    ['a later version', { version: 2 }, 'version: '],
    ['a string for a boolean', { version: 1, allowHosting: 'no' }, 'allowHosting: '],
    ['an unknown channel', { version: 1, updateChannel: 'beta' }, 'updateChannel: '],
    [
      'an unknown server key',
      { version: 1, servers: [{ ...server('http://a'), pin: FP }] },
      'servers.0: Unrecognized key: "pin"',
    ],
    [
      'a path in the address',
      { version: 1, servers: [server('https://a.example/chat')] },
      'servers.0.url: ',
    ],
    [
      'a bad fingerprint',
      { version: 1, servers: [server('https://a.example', 'abc')] },
      'servers.0.fingerprint: a SHA-256 fingerprint (64 hex digits)',
    ],
    [
      'an empty name',
      { version: 1, servers: [{ name: ' ', url: 'https://a.example' }] },
      'servers.0.name: ',
    ],
    [
      'one address twice',
      { version: 1, servers: [server('http://a.example'), server('http://a.example/')] },
      'servers.1: http://a.example is listed twice',
    ],
    [
      'two pins for a host',
      {
        version: 1,
        servers: [server('https://a.example', FP), server('https://a.example:8443', OTHER)],
      },
      'servers.1: https://a.example:8443 and https://a.example are on one host',
    ],
    [
      'pinned and unpinned on a host',
      { version: 1, servers: [server('https://a.example', FP), server('https://a.example:8443')] },
      'servers.1: https://a.example:8443 and https://a.example are on one host',
    ],
    [
      'unpinned then pinned on a host',
      { version: 1, servers: [server('https://a.example'), server('https://a.example:8443', FP)] },
      'servers.1: https://a.example:8443 and https://a.example are on one host',
    ],
  ])('refuses %s', (_what, input, said) => {
    expect(problems(input).join('\n')).toContain(said);
  });

  it('accepts one pin shared by two ports of a host, and plain http beside a pin', () => {
    const servers = [server('https://a.example', FP), server('https://a.example:8443', FP)];
    expect(
      problems({ version: 1, servers: [...servers, server('http://a.example:4000')] }),
    ).toEqual([]);
  });

  it('compares hosts only once every address is valid (comparing parses them, which throws)', () => {
    for (const bad of ['https://', 'https://[']) {
      const input = { version: 1, servers: [server('https://x.example', FP), server(bad, OTHER)] };
      expect(problems(input)).toEqual([
        'servers.1.url: an http(s) origin such as http://192.168.1.20:4000',
      ]);
    }
  });
});

describe('preset servers in the saved list: presets only add', () => {
  it('come first under their names, with the pin saved for their address if they name none', () => {
    const saved = [
      { name: 'Mine', url: 'http://10.0.0.9:4000' },
      { name: 'Old name', url: 'https://a.example', fingerprint: FP },
      { name: 'Home', url: 'https://b.example', fingerprint: OTHER },
    ];
    const presets = [
      { name: 'Office', url: 'https://a.example', fingerprint: FP },
      { name: 'Branch', url: 'https://b.example' },
      { name: 'New', url: 'https://c.example', fingerprint: FP },
    ];
    expect(mergePresets(saved, presets)).toEqual({
      servers: [
        { name: 'Office', url: 'https://a.example', fingerprint: FP },
        { name: 'Branch', url: 'https://b.example', fingerprint: OTHER },
        { name: 'New', url: 'https://c.example', fingerprint: FP },
        { name: 'Mine', url: 'http://10.0.0.9:4000' },
      ],
      skipped: [],
    });
  });

  it("never replaces or drops the person's pin: a preset that disagrees is skipped", () => {
    // A planted policy re-pinning a server the person trusts: the MITM the rule is there for.
    const bank = { name: 'Bank chat', url: 'https://a.example', fingerprint: OTHER };
    // Another port of a pinned host, and a host the person trusts through its CA.
    const lab = { name: 'Lab', url: 'https://b.example:9000', fingerprint: OTHER };
    const ca = { name: 'Public', url: 'https://c.example' };
    const presets = [
      { name: 'Office', url: 'https://a.example', fingerprint: FP },
      { name: 'Branch', url: 'https://b.example', fingerprint: FP },
      { name: 'Branch CA', url: 'https://b.example:8443' },
      { name: 'Pinned', url: 'https://c.example:9000', fingerprint: FP },
      { name: 'Fine', url: 'http://b.example:4000' },
    ];
    const merged = mergePresets([bank, lab, ca], presets);
    expect(merged.servers).toEqual([presets[4], bank, lab, ca]);
    expect(merged.skipped).toEqual([
      { preset: presets[0], saved: bank },
      { preset: presets[1], saved: lab },
      { preset: presets[2], saved: lab },
      { preset: presets[3], saved: ca },
    ]);
  });
});
