import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../cli-server.js';
import { tempDir } from './helpers.js';

/** Spawns the CLI (the bundle `npm run server` runs) and resolves with its first URLs once it says it is up. */
async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...cliCommand(), ...args], {
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 10_000;
  while (!/Open:\n(\s+http\S+\n)+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`CLI did not start:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const urls = [...out.matchAll(/^\s+(https?:\/\/\S+)$/gm)].map((m) => m[1] ?? '');
  return { child, urls, output: () => out };
}

/** Waits for `pattern` in the CLI's output and returns its first group. */
async function printed(output: () => string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = pattern.exec(output())?.[1];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`never printed ${pattern}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function postJson(url: string, body: unknown) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as any };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('CLI', () => {
  it('prints every LAN URL, serves health and info, and closes cleanly on Ctrl-C', async () => {
    const data = tempDir();
    const { child, urls, output } = await startCli([
      '--no-tls',
      '--no-advertise',
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--data',
      data,
      '--name',
      'Office',
      '--registration',
      'invite',
    ]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.some((u) => u.startsWith('http://127.0.0.1:'))).toBe(true);
    for (const url of urls) expect(url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/);
    const local = urls.find((u) => u.startsWith('http://127.0.0.1:')) ?? '';
    expect(await (await fetch(`${local}healthz`)).json()).toEqual({ status: 'ok' });
    const info = await (await fetch(`${local}api/info`)).json();
    expect(info).toMatchObject({ name: 'Office', registration: 'invite' });
    // No owner yet: the setup code is printed, and needed even from loopback, since a server
    // bound to every interface cannot tell this machine from the LAN.
    const code = await printed(output, /Setup code for the owner account[^\n]*\n\s+(\S+)\n/);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(output()).not.toContain('This machine may create the owner without it');
    expect(readFileSync(join(data, 'setup-code'), 'utf8').trim()).toBe(code);
    expect(info).toMatchObject({ setupNeeded: true, setupCodeRequired: true });
    const owner = { username: 'host', password: 'correct horse' };
    const without = await postJson(`${local}api/register`, owner);
    expect([without.status, without.body.error.code]).toEqual([403, 'invalid_setup_code']);
    const made = await postJson(`${local}api/register`, { ...owner, setupCode: code });
    expect([made.status, made.body.user.role]).toEqual([201, 'owner']);
    expect(existsSync(join(data, 'setup-code'))).toBe(false);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    expect(output()).toContain('closing');
    expect(output()).toContain('WARNING: --no-tls on a LAN address');
  });

  it('hosts for the LAN over TLS by default, with a fingerprint that survives restarts', async () => {
    const data = tempDir();
    const args = ['--port', '0', '--host', '0.0.0.0', '--no-advertise', '--data', data];
    const first = await startCli(args);
    for (const url of first.urls) expect(url).toMatch(/^https:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/);
    // The fingerprint line follows the URLs, possibly in a later chunk: wait for it.
    const fingerprint = /compare aloud:\n\s+((?:[0-9A-F]{4} ){15}[0-9A-F]{4})\n/;
    const before = await printed(first.output, fingerprint);
    expect(first.output()).not.toContain('WARNING');
    first.child.kill('SIGINT');
    await exitOf(first.child);
    const second = await startCli(args);
    expect(await printed(second.output, fingerprint)).toBe(before);
    second.child.kill('SIGINT');
    expect(await exitOf(second.child)).toBe(0);
  });

  it('on loopback, creating the owner from this machine skips the code unless told not to', async () => {
    for (const [extra, required] of [
      [[], false],
      [['--require-setup-code'], true],
    ] as const) {
      const { child, urls, output } = await startCli([
        ...['--port', '0', '--data', tempDir()],
        ...extra,
      ]);
      await printed(output, /Setup code for the owner account[^\n]*\n\s+(\S+)\n/);
      expect(output().includes('This machine may create the owner without it')).toBe(!required);
      const info = await (await fetch(`${urls[0]}api/info`)).json();
      expect(info).toMatchObject({ setupNeeded: true, setupCodeRequired: required });
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
    }
  });

  it('refuses half a certificate pair, and --no-tls with one', async () => {
    for (const args of [
      ['--tls-cert', 'c.pem'],
      ['--no-tls', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'],
    ]) {
      const child = spawn(process.execPath, [...cliCommand(), '--data', tempDir(), ...args]);
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      expect(await exitOf(child)).toBe(2);
      expect(err).toMatch(/--tls-cert/);
    }
  });

  it('takes the secret from PARLEY_JWT_SECRET instead of writing one', async () => {
    const data = tempDir();
    const { child } = await startCli(['--port', '0', '--data', data], {
      PARLEY_JWT_SECRET: 'k'.repeat(40),
    });
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${data}/jwt-secret`)).toBe(false);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  });

  it('fails at start-up on a bad flag or option, saying which', async () => {
    for (const [args, message] of [
      [['--registration', 'maybe'], /--registration/],
      [['--port', 'abc'], /--port/],
      [['--bogus'], /bogus/],
      // Several nodes must share one secret: a node never makes its own for a database.
      [['--database', 'postgres://db/parley'], /"jwtSecret" must be given when database is/],
    ] as const) {
      const child = spawn(process.execPath, [...cliCommand(), ...args, '--data', tempDir()]);
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      expect(await exitOf(child)).not.toBe(0);
      expect(err).toMatch(message);
    }
  });
});
