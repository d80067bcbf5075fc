import { fork } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupHostBackup } from '../../main/host/backup-ipc';
import { childBackupRunner, type BackupChild } from '../../main/host/backup-runner';
import { SettingsStore } from '../../main/settings';
import type { BackupAnswer } from '../../server/ops/backup-job';
import { restoreDataDir } from '../../server/ops/restore';
import { connect, http, register, request, startServer, tempDir } from '../server/helpers';
import { send } from '../server/message-helpers';
import { FakeWebContents, dialog, ipcMain } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** The compiled backup entry, as the packaged app ships it (built by test/build-server.ts). */
const BACKUP_ENTRY = join(process.cwd(), 'dist/node/server/ops/backup-entry.js');

/** The real backup entry in a Node child: the messages of Electron's utilityProcess. */
function forkBackup(): BackupChild {
  const child = fork(BACKUP_ENTRY, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    postMessage: (job) => child.send(job),
    onMessage: (listener) => child.on('message', (answer) => listener(answer as BackupAnswer)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

afterEach(() => {
  ipcMain.handlers.clear();
  dialog.asked = [];
  dialog.nextFolder = undefined;
});

const window = new FakeWebContents();
const own = () => [window] as never[];
const fromApp = { sender: window, senderFrame: { url: 'app://parley/index.html', parent: null } };
const invoke = (channel: string, ...args: unknown[]): Promise<any> =>
  Promise.resolve(ipcMain.handlers.get(channel)?.(fromApp, ...args));

/** A hosting data dir with an owner and a message, served by a real server meanwhile. */
async function hosted() {
  const { url, dataDir } = await startServer({ scryptCost: 1024 });
  const ada = await register(url, 'ada');
  await send(await connect(url, ada.token), 'kept in the backup');
  return dataDir;
}

describe('Back up now (host:backup)', () => {
  it('asks main for a folder, backs the live data dir up there and remembers when', async () => {
    const dataDir = await hosted();
    const file = join(tempDir(), 'settings.json');
    const settings = new SettingsStore(file);
    setupHostBackup({ settings, own, dataDir, run: childBackupRunner(forkBackup) });
    expect(await invoke('host:last-backup')).toBeNull();

    // Cancelled in the dialog: nothing written, nothing remembered.
    expect(await invoke('host:backup')).toEqual({ ok: false, error: 'cancelled' });
    expect(dialog.asked[0]).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(settings.get().backup).toBeUndefined();

    const folder = tempDir();
    dialog.nextFolder = folder;
    const before = Date.now();
    const done = await invoke('host:backup');
    expect(done.ok).toBe(true);
    expect(done.backup.folder).toBe(folder);
    expect(done.backup.file).toMatch(/^parley-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/);
    expect(done.backup.at).toBeGreaterThanOrEqual(before);
    const archive = join(folder, done.backup.file);
    expect(statSync(archive).size).toBe(done.backup.bytes);
    if (process.platform !== 'win32') expect(statSync(archive).mode & 0o777).toBe(0o600);
    // Kept in the settings file: the next start of the app shows it too.
    expect(new SettingsStore(file).get().backup).toEqual(done.backup);
    expect(await invoke('host:last-backup')).toEqual(done.backup);
    // The next dialog opens where the last backup went.
    dialog.nextFolder = undefined;
    await invoke('host:backup');
    expect(dialog.asked[2]).toMatchObject({ defaultPath: folder });

    // The archive restores to a server that has the message.
    const restored = join(tempDir(), 'restored');
    await restoreDataDir(archive, restored);
    const { url } = await startServer({ scryptCost: 1024, dataDir: restored });
    const login = await http(url, '/api/login', {
      body: { username: 'ada', password: 'correct horse' },
    });
    const page = await request(await connect(url, login.body.token), 'message:history', {
      roomId: 1,
    });
    expect(page.messages.map((m: { text: string }) => m.text)).toContain('kept in the backup');
  });

  it('a failure is told in words and keeps the last backup; one backup at a time', async () => {
    const settings = new SettingsStore(join(tempDir(), 'settings.json'));
    const empty = tempDir(); // never hosted: no database yet
    setupHostBackup({ settings, own, dataDir: empty, run: childBackupRunner(forkBackup) });
    const folder = tempDir();
    dialog.nextFolder = folder;
    const [first, second] = await Promise.all([invoke('host:backup'), invoke('host:backup')]);
    expect(first).toEqual({
      ok: false,
      error: 'failed',
      message: `no Parley database in ${empty}`,
    });
    expect(second).toEqual(first);
    expect(dialog.asked).toHaveLength(1);
    expect(settings.get().backup).toBeUndefined();
    expect(readdirSync(folder)).toEqual([]); // no partial archive left behind
  });

  it('takes no argument from the renderer and answers only our own window', async () => {
    const settings = new SettingsStore(join(tempDir(), 'settings.json'));
    setupHostBackup({ settings, own, dataDir: tempDir(), run: childBackupRunner(forkBackup) });
    await expect(invoke('host:backup', '/etc')).rejects.toThrow(/invalid arguments/);
    const stranger = { sender: new FakeWebContents(), senderFrame: fromApp.senderFrame };
    await expect(Promise.resolve(ipcMain.handlers.get('host:backup')?.(stranger))).rejects.toThrow(
      /unknown sender/,
    );
    expect(dialog.asked).toEqual([]);
  });
});
