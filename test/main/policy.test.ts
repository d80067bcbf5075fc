import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, POLICY_MAX_BYTES, policyPath } from '../../main/policy';
import { NO_POLICY } from '../../main/policy-state';
import { tempDir } from '../server/helpers';

const FP = 'ab'.repeat(32);
/** Writes a policy file (an object as JSON, a string as it is) and loads it, logging to a list. */
function load(content: string | Record<string, unknown>) {
  const file = join(tempDir(), 'policy.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const logged: string[] = [];
  return { file, logged, ...loadPolicy(file, (line) => logged.push(line)) };
}

describe('the policy file', () => {
  it('lives in a system-wide folder on each platform', () => {
    expect(policyPath('linux', {})).toBe('/etc/parley/policy.json');
    expect(policyPath('linux', { ProgramData: '/tmp' })).toBe('/etc/parley/policy.json');
    expect(policyPath('darwin', {})).toBe('/Library/Application Support/Parley/policy.json');
    expect(policyPath('win32', {})).toBe('C:\\ProgramData\\Parley\\policy.json');
    expect(policyPath('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\Parley\\policy.json');
  });

  it('no file: no policy, nothing logged', () => {
    const logged: string[] = [];
    expect(loadPolicy(join(tempDir(), 'policy.json'), (l) => logged.push(l))).toEqual({
      state: NO_POLICY,
      servers: [],
    });
    expect(logged).toEqual([]);
  });

  it('applies every key: preset servers and each lock', () => {
    const { file, state, servers } = load({
      version: 1,
      servers: [
        // A grouped fingerprint as the hosting screen shows it, and a pasted trailing slash.
        { name: 'Office', url: 'https://chat.example.com:4443/', fingerprint: groupsOf4(FP) },
        { name: 'Wiki chat', url: 'http://10.0.0.5:4000' },
      ],
      allowServerChanges: false,
      allowHosting: false,
      allowStartAtLogin: false,
      updateChannel: 'off',
    });
    expect(state).toEqual({
      file,
      locks: { servers: true, hosting: true, startAtLogin: true, updates: true },
      presetServers: ['https://chat.example.com:4443', 'http://10.0.0.5:4000'],
      updateChannel: 'off',
    });
    expect(servers).toEqual([
      { name: 'Office', url: 'https://chat.example.com:4443', fingerprint: FP },
      { name: 'Wiki chat', url: 'http://10.0.0.5:4000' },
    ]);
  });

  it.each([
    ['a typo', { version: 1, allowHostng: false }, /: top level: Unrecognized key: "allowHostng"$/],
    [
      'a bad address',
      { version: 1, servers: [{ name: 'A', url: 'ftp://a' }] },
      /: servers\[0\]\.url: /,
    ],
    ['an array', [], /: top level: .*expected object/],
    ['not JSON', '{ "version": 1, }', / is not valid JSON \(.+\)$/],
    ['an empty file', '', / is not valid JSON/],
  ])('refuses %s, says where, logs it and applies none of it', (_what, content, why) => {
    const { file, state, servers, logged } = load(content as Record<string, unknown>);
    expect(state).toEqual({ ...NO_POLICY, file, error: expect.stringMatching(why) });
    expect(state.error?.startsWith(file)).toBe(true);
    expect(servers).toEqual([]);
    expect(logged).toEqual([`policy: ${state.error}; no policy applies`]);
  });

  it('applies the example of docs/deployment-desktop.md as it says', () => {
    const doc = readFileSync('docs/deployment-desktop.md', 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const { state, servers } = load(example);
    expect(state.error).toBeUndefined();
    expect(state.locks).toEqual({
      servers: true,
      hosting: true,
      startAtLogin: true,
      updates: true,
    });
    expect(servers.map((server) => server.fingerprint?.length ?? 0)).toEqual([0, 64]);
  });

  it('reads a file that Windows Notepad saved with a byte-order mark', () => {
    expect(
      load(`\uFEFF${JSON.stringify({ version: 1, allowHosting: false })}`).state.locks.hosting,
    ).toBe(true);
  });

  it('refuses an oversized file unread, a folder, and a file it cannot read', () => {
    const big = load(JSON.stringify({ version: 1 }).padEnd(POLICY_MAX_BYTES + 1, ' '));
    expect(big.state.error).toMatch(/is 65537 bytes; a policy file may be 65536 at most/);
    const dir = tempDir();
    mkdirSync(join(dir, 'policy.json'));
    expect(loadPolicy(join(dir, 'policy.json'), () => undefined).state.error).toMatch(
      /is not a file$/,
    );
    // A link to itself: it exists, but reading it fails (root reads through any mode bits).
    const loop = join(tempDir(), 'policy.json');
    symlinkSync(loop, loop);
    expect(loadPolicy(loop, () => undefined).state.error).toMatch(/could not be read \(ELOOP\)/);
  });
});

const groupsOf4 = (hex: string) => (hex.toUpperCase().match(/.{4}/g) ?? []).join(' ');
