import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, POLICY_MAX_BYTES, policyPath } from '../../main/policy';
import { NO_POLICY } from '../../main/policy-state';
import { tempDir } from '../server/helpers';
import { asTester, THIS_USER, writePolicy } from './policy-files';

const FP = 'ab'.repeat(32);
/** Writes a policy file and loads it as the tests' user, logging to a list. */
function load(content: string | object) {
  const file = writePolicy(content);
  const logged: string[] = [];
  return { file, logged, ...loadPolicy(file, asTester(logged)) };
}

describe('the policy file', () => {
  it('lives in a system-wide folder on each platform', () => {
    expect(policyPath('linux', {})).toBe('/etc/parley/policy.json');
    expect(policyPath('linux', { ProgramData: '/tmp' })).toBe('/etc/parley/policy.json');
    expect(policyPath('darwin', {})).toBe('/Library/Application Support/Parley/policy.json');
    expect(policyPath('win32', {})).toBe('C:\\ProgramData\\Parley\\policy.json');
  });

  it("on Windows follows the person's own %ProgramData% (their process only: see the docs)", () => {
    expect(policyPath('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\Parley\\policy.json');
  });

  it('no file: no policy, nothing logged', () => {
    const logged: string[] = [];
    expect(loadPolicy(join(tempDir(), 'policy.json'), asTester(logged))).toEqual({
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

  // The reviewer's two files: the second address fails, and comparing hosts used to parse it.
  const pinned = (url: string, fingerprint: string) => ({ name: 'b', url, fingerprint });
  const twoPins = (url: string) => ({
    version: 1,
    servers: [pinned('https://x.example', FP), pinned(url, 'cd'.repeat(32))],
  });
  it.each([
    ['a typo', { version: 1, allowHostng: false }, /: top level: Unrecognized key: "allowHostng"$/],
    [
      'a bad address',
      { version: 1, servers: [{ name: 'A', url: 'ftp://a' }] },
      /servers\[0\]\.url/,
    ],
    ['a bare scheme beside a pin', twoPins('https://'), /: servers\[1\]\.url: an http\(s\) origin/],
    ['an open bracket beside a pin', twoPins('https://['), /: servers\[1\]\.url: an http\(s\)/],
    ['an array', [], /: top level: .*expected object/],
    ['not JSON', '{ "version": 1, }', / is not valid JSON \(.+\)$/],
    ['an empty file', '', / is not valid JSON/],
  ])('refuses %s, says where, logs it and applies none of it', (_what, content, why) => {
    const { file, state, servers, logged } = load(content);
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
    const bom = `\uFEFF${JSON.stringify({ version: 1, allowHosting: false })}`;
    expect(load(bom).state.locks.hosting).toBe(true);
  });
});

describe('which files are trusted (Linux and macOS)', () => {
  const hosting = { version: 1, allowHosting: false };
  const errorOf = (file: string, options = asTester()) => loadPolicy(file, options).state.error;

  it("by default only root's: a file someone else owns is refused, whoever runs the test", () => {
    const file = writePolicy(hosting);
    // As root, hand it to another user; unprivileged, it is the tester's already.
    if (THIS_USER === 0) chownSync(file, 1, 1);
    const owner = THIS_USER === 0 ? 1 : THIS_USER;
    expect(errorOf(file, { log: () => undefined })).toBe(
      `${file} is owned by uid ${owner}, not by root: a policy file and its folder must be ` +
        'owned by root and writable by root only',
    );
    expect(errorOf(file, { ...asTester(), ownerUid: THIS_USER + 1 })).toMatch(/is owned by uid/);
  });

  it('refuses a file, or a folder, that others can write', () => {
    const file = writePolicy(hosting);
    expect(errorOf(file)).toBeUndefined();
    chmodSync(file, 0o664);
    expect(errorOf(file)).toMatch(/ is writable by others than its owner \(mode 664\): /);
    chmodSync(file, 0o644);
    chmodSync(dirname(file), 0o1777);
    expect(errorOf(file)).toBe(
      `${file} is in ${dirname(file)}, which is writable by others than its owner (mode 777): ` +
        'a policy file and its folder must be owned by root and writable by root only',
    );
    // Windows has no such bits: there the folder's ACL is the admin's to set (see the docs).
    expect(errorOf(file, { ...asTester(), platform: 'win32' })).toBeUndefined();
  });

  it('checks the folder a symbolic link leads to, as well as its own', () => {
    const target = writePolicy(hosting);
    chmodSync(dirname(target), 0o777);
    const link = join(tempDir(), 'policy.json');
    symlinkSync(target, link);
    expect(errorOf(link)).toMatch(`is in ${dirname(target)}, which is writable by others`);
  });
});

describe('reading it (bounded, through one descriptor)', () => {
  it('refuses an oversized file, a folder, a device, and a link that loops', () => {
    const big = load(JSON.stringify({ version: 1 }).padEnd(POLICY_MAX_BYTES + 1, ' '));
    expect(big.state.error).toMatch(/is 65537 bytes; a policy file may be 65536 at most/);
    const folder = join(tempDir(), 'policy.json');
    mkdirSync(folder);
    expect(loadPolicy(folder, asTester()).state.error).toMatch(/is not a regular file$/);
    // A link to a device is followed, then refused: it is no regular file (and never ends).
    const device = join(tempDir(), 'policy.json');
    symlinkSync('/dev/zero', device);
    expect(loadPolicy(device, asTester()).state.error).toMatch(/is not a regular file$/);
    const loop = join(tempDir(), 'policy.json');
    symlinkSync(loop, loop);
    expect(loadPolicy(loop, asTester()).state.error).toMatch(/could not be read \(ELOOP\)/);
  });

  it('does not wait on a FIFO: it is refused at once, never read', () => {
    const fifo = join(tempDir(), 'policy.json');
    execFileSync('mkfifo', [fifo]);
    // Without a non-blocking open this call would hang here, waiting for a writer.
    expect(loadPolicy(fifo, asTester()).state.error).toMatch(/is not a regular file$/);
  });

  it('reads no further than the limit from a long file whose size says 0 (/proc)', () => {
    // /proc files are regular files of size 0 by fstat: only the bounded read sees the length.
    // /proc/kallsyms is root's (and /proc is), so the default trust passes, root or not.
    expect(loadPolicy('/proc/kallsyms', { log: () => undefined }).state.error).toBe(
      `/proc/kallsyms is over ${POLICY_MAX_BYTES} bytes, the most a policy file may be`,
    );
  });
});

const groupsOf4 = (hex: string) => (hex.toUpperCase().match(/.{4}/g) ?? []).join(' ');
