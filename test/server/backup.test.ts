import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as createTar, list as listTar } from 'tar';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { backupDataDir, backupFileName } from '../../server/ops/backup.js';
import { restoreDataDir } from '../../server/ops/restore.js';
import { askUrls, download, png, uploaded } from './file-helpers.js';
import { connect, http, register, request, startServer, tempDir, type Client } from './helpers.js';
import { GENERAL, send } from './message-helpers.js';
import { cliCommand } from '../cli-server.js';

const FAST = {
  scryptCost: 1024,
  messageRate: { perSecond: 100_000, burst: 100_000 },
  eventRate: { perSecond: 100_000, burst: 100_000 },
};

/** Runs the compiled CLI to its end; resolves with its exit code and output. */
async function cli(args: string[]) {
  const child = spawn(process.execPath, [...cliCommand(), ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Every message id of `general`, by paging its history back to the start. */
async function allIds(socket: Client): Promise<Set<number>> {
  const ids = new Set<number>();
  let before: number | undefined;
  for (;;) {
    const page = await request(socket, 'message:history', { roomId: GENERAL, before, limit: 100 });
    if (!page.ok) throw new Error(JSON.stringify(page.error));
    for (const m of page.messages as Message[]) ids.add(m.id);
    if (!page.hasMore || page.messages.length === 0) return ids;
    before = page.messages[0].id;
  }
}

/** Restores `archive` into a new dir and opens it with a real server; ada logs in. */
async function reopen(archive: string) {
  const dataDir = join(tempDir(), 'restored');
  await restoreDataDir(archive, dataDir);
  return { dataDir, ...(await loggedIn(dataDir)) };
}

async function loggedIn(dataDir: string) {
  const { url } = await startServer({ ...FAST, dataDir });
  const login = await http(url, '/api/login', {
    body: { username: 'ada', password: 'correct horse' },
  });
  expect(login.status).toBe(200);
  return { url, socket: await connect(url, login.body.token) };
}

describe('backup and restore', () => {
  it('a backup taken during a send storm holds every message acknowledged before it began', async () => {
    const { url, dataDir } = await startServer(FAST);
    const ada = await register(url, 'ada');
    const bob = await register(url, 'bob');
    const image = await png(8, 8);
    const file = await uploaded(url, ada.token, image, 'dot.png');
    const senders = await Promise.all(
      [ada, ada, bob, bob].map((person) => connect(url, person.token)),
    );
    await send(senders[0]!, 'with a picture', { fileIds: [file.id] });
    mkdirSync(join(dataDir, 'avatars'));
    writeFileSync(join(dataDir, 'avatars', 'abc.webp'), 'not really webp');
    // The certificate pair of LAN hosting (its fingerprint is pinned by clients) goes along.
    writeFileSync(join(dataDir, 'tls-cert.pem'), 'certificate');
    writeFileSync(join(dataDir, 'tls-key.pem'), 'key');

    let backupBegan = false;
    let stop = false;
    const ackedBefore: number[] = [];
    let ackedAfter = 0;
    const storm = senders.map(async (socket, n) => {
      for (let i = 0; !stop; i++) {
        const message = await send(socket, `storm ${n}.${i}`);
        if (backupBegan) ackedAfter++;
        else ackedBefore.push(message.id);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const out = join(tempDir(), backupFileName(Date.now()));
    backupBegan = true;
    const result = await backupDataDir(dataDir, out);
    // Still storming: the CLI backs up the same live data dir.
    const cliOut = join(tempDir(), 'cli.tar.gz');
    const byCli = await cli(['backup', '--data', dataDir, '--out', cliOut]);
    stop = true;
    await Promise.all(storm);
    expect(byCli.code, byCli.stderr).toBe(0);
    expect(byCli.stdout).toContain(cliOut);
    expect(ackedBefore.length).toBeGreaterThan(20);
    expect(ackedAfter).toBeGreaterThan(0); // the storm went on during the backup

    expect(result.file).toBe(out);
    expect(result.bytes).toBe(statSync(out).size);
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const names: string[] = [];
    await listTar({ file: out, onReadEntry: (entry) => void names.push(entry.path) });
    expect(names).toContain('parley.db');
    expect(names).toContain('avatars/abc.webp');
    expect(names).toEqual(expect.arrayContaining(['tls-cert.pem', 'tls-key.pem']));
    expect(names.some((name) => /^files\/[0-9a-f]{2}\/[0-9a-f]+$/.test(name))).toBe(true);
    expect(names.filter((name) => /jwt-secret|setup-code|files\/tmp/.test(name))).toEqual([]);

    for (const archive of [out, cliOut]) {
      const restored = await reopen(archive);
      const ids = await allIds(restored.socket);
      expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
      const urls = await askUrls(restored.socket, [file.id]);
      const got = await download(restored.url, urls.urls[0]!.url);
      expect(got.status).toBe(200);
      expect(got.bytes.length).toBeGreaterThan(0);
      expect(existsSync(join(restored.dataDir, 'avatars', 'abc.webp'))).toBe(true);
      if (process.platform !== 'win32') {
        expect(statSync(restored.dataDir).mode & 0o777).toBe(0o700);
        expect(statSync(join(restored.dataDir, 'parley.db')).mode & 0o777).toBe(0o600);
      }
    }
  });

  it('the CLI restores into an empty dir only, and refuses unknown flags', async () => {
    const { url, dataDir } = await startServer(FAST);
    await register(url, 'ada');
    const archive = join(tempDir(), 'b.tar.gz');
    await backupDataDir(dataDir, archive);
    await expect(backupDataDir(dataDir, archive)).rejects.toThrow(/exists already/);

    const full = tempDir();
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const refused = await cli(['restore', '--from', archive, '--data', full]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not empty/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    const unknown = await cli(['backup', '--data', dataDir, '--out', archive, '--bogus']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/bogus/);

    const fresh = join(tempDir(), 'new');
    const done = await cli(['restore', '--from', archive, '--data', fresh]);
    expect(done.code, done.stderr).toBe(0);
    const { socket } = await loggedIn(fresh);
    expect((await request(socket, 'rooms:list', {})).ok).toBe(true);
  });

  it('refuses hostile archives and writes nothing outside the data dir', async () => {
    const { url, dataDir } = await startServer(FAST);
    await register(url, 'ada');
    const good = join(tempDir(), 'good.tar.gz');
    await backupDataDir(dataDir, good);
    // A stage with a real backup's files plus a hostile entry.
    const stage = join(tempDir(), 'stage');
    await restoreDataDir(good, stage);
    writeFileSync(join(stage, 'parley-backup.json'), JSON.stringify({ format: 1 }));
    const outside = tempDir();
    writeFileSync(join(stage, '..', 'evil'), 'escaped');
    symlinkSync(outside, join(stage, 'files', 'link'));
    const withDots = join(tempDir(), 'dots.tar.gz');
    await createTar({ gzip: true, cwd: stage, file: withDots, preservePaths: true }, [
      'parley.db',
      'parley-backup.json',
      '../evil',
    ]);
    const withLink = join(tempDir(), 'link.tar.gz');
    await createTar({ gzip: true, cwd: stage, file: withLink }, [
      'parley.db',
      'parley-backup.json',
      'files/link',
    ]);

    const damaged = join(tempDir(), 'damaged.tar.gz');
    const broken = join(tempDir(), 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'parley.db'), Buffer.alloc(8192, 7));
    writeFileSync(join(broken, 'parley-backup.json'), JSON.stringify({ format: 1 }));
    await createTar({ gzip: true, cwd: broken, file: damaged }, [
      'parley.db',
      'parley-backup.json',
    ]);

    for (const [archive, problem] of [
      [withDots, /\.\.\/evil/],
      [withLink, /SymbolicLink/],
      [damaged, /not a database|damaged/],
    ] as const) {
      const parent = tempDir();
      const target = join(parent, 'data');
      await expect(restoreDataDir(archive, target)).rejects.toThrow(problem);
      expect(readdirSync(parent)).toEqual(['data']);
      expect(readdirSync(target)).toEqual([]);
      expect(readdirSync(outside)).toEqual([]);
    }
  });
});
