import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const CLI = 'dist/node/server/cli.js';

/** Spawns the compiled CLI and resolves with its first URLs once it says it is up. */
async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 10_000;
  while (!/Open:\n(\s+http\S+\n)+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`CLI did not start:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const urls = [...out.matchAll(/^\s+(http:\/\/\S+)$/gm)].map((m) => m[1] ?? '');
  return { child, urls, output: () => out };
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
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    expect(output()).toContain('closing');
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
    ] as const) {
      const child = spawn(process.execPath, [CLI, ...args, '--data', tempDir()]);
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      expect(await exitOf(child)).not.toBe(0);
      expect(err).toMatch(message);
    }
  });
});
