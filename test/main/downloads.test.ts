import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../main/desktop-api';
import { Downloads } from '../../main/downloads/downloads';
import { setupDownloads } from '../../main/downloads/setup-downloads';
import { SettingsStore } from '../../main/settings';
import { tempDir } from '../server/helpers';
import {
  FakeDownloadItem,
  FakeWebContents,
  app,
  contextBridge,
  ipcMain,
  ipcRenderer,
  session,
} from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/**
 * `window.parley.downloadFile`, end to end: the real preload's bridge, main's sender check and
 * argument schema, the real handler, and the session's `will-download` as Chromium fires it.
 */
const SERVER = 'http://127.0.0.1:4000';
const ID = 'AbCdEfGhIjKlMnOpQrSt_-';
const signed = (id = ID) => `${SERVER}/files/${id}?exp=1893456000000&sig=abc123&dl=1`;

let ours: FakeWebContents;
let api: DesktopApi;
let downloadsDir: string;

beforeAll(async () => {
  await import('../../main/preload');
  api = contextBridge.exposed.parley as DesktopApi;
});

beforeEach(() => {
  ipcMain.handlers.clear();
  session.defaultSession.removeAllListeners('will-download');
  ours = new FakeWebContents();
  const dir = tempDir();
  downloadsDir = join(dir, 'Downloads');
  app.paths.downloads = downloadsDir;
  const settings = new SettingsStore(join(dir, 'settings.json'));
  settings.addServer({ name: 'Office', url: SERVER });
  setupDownloads(settings, () => [ours as never]);
  ipcRenderer.senderEvent = {
    sender: ours,
    senderFrame: { url: 'app://parley/index.html', parent: null },
  };
});

describe('downloads on the desktop', () => {
  it('saves a file of a saved server in Downloads, numbered beside an older one, never opened', async () => {
    // The Downloads folder is made when missing.
    const first = api.downloadFile(signed());
    expect(ours.downloads).toEqual([signed()]);
    const item = new FakeDownloadItem([signed()], '../../.config/report.pdf');
    expect(session.defaultSession.download(item, ours)).toBe(false);
    // The server's name is a basename only: no path, no leading dot.
    expect(item.savePath).toBe(join(downloadsDir, 'report.pdf'));
    writeFileSync(join(downloadsDir, 'notes.txt'), 'older');

    // Two at once with the same name: each gets its own path before either file exists.
    const second = api.downloadFile(signed());
    const third = api.downloadFile(signed('ZZZZZZZZZZZZZZZZZZZZZZ'));
    const two = new FakeDownloadItem([signed()], 'notes.txt');
    const three = new FakeDownloadItem([signed('ZZZZZZZZZZZZZZZZZZZZZZ')], 'notes.txt');
    expect(session.defaultSession.download(two, ours)).toBe(false);
    expect(session.defaultSession.download(three, ours)).toBe(false);
    expect(two.savePath).toBe(join(downloadsDir, 'notes (1).txt'));
    expect(three.savePath).toBe(join(downloadsDir, 'notes (2).txt'));

    item.end('completed');
    two.cancel();
    three.end('interrupted');
    expect(await first).toEqual({ ok: true, name: 'report.pdf' });
    expect(await second).toEqual({ ok: false, error: 'cancelled' });
    expect(await third).toEqual({ ok: false, error: 'failed' });
    // Ended downloads free their names.
    const again = api.downloadFile(signed());
    const four = new FakeDownloadItem([signed()], 'notes.txt');
    session.defaultSession.download(four, ours);
    expect(four.savePath).toBe(join(downloadsDir, 'notes (1).txt'));
    four.end('completed');
    expect(await again).toEqual({ ok: true, name: 'notes (1).txt' });
  });

  it('refuses URLs of other servers and anything but a file URL, and other senders', async () => {
    await expect(api.downloadFile(signed().replace('4000', '4001'))).rejects.toThrow(
      /not a saved server/,
    );
    for (const url of [
      `/files/${ID}?sig=1`,
      `file:///etc/passwd`,
      `javascript:alert(1)//${SERVER}/files/${ID}`,
      `blob:app://parley/0b0e6f9e-3c1c-4a57-9f0b-1e0f1c7d2a11`,
      `http://user:pw@127.0.0.1:4000/files/${ID}`,
      `${SERVER}/api/files/${ID}`,
      `${SERVER}/files/${ID}/../../api/info`,
      `${SERVER}/files/${ID.slice(1)}`,
      `${SERVER}/files/${ID}#x`,
    ])
      await expect(api.downloadFile(url), url).rejects.toThrow(/invalid arguments/);
    ipcRenderer.senderEvent = { sender: new FakeWebContents(), senderFrame: null };
    await expect(api.downloadFile(signed())).rejects.toThrow(/unknown sender/);
    expect(ours.downloads).toEqual([]);
  });

  it('cancels every download main did not start, and redirects to another origin', async () => {
    const stray = [
      new FakeDownloadItem(['https://evil.example/setup.exe'], 'setup.exe'),
      new FakeDownloadItem(['blob:app://parley/0b0e6f9e'], 'page.html'),
      // A file URL that main approved once already is not approved again.
      new FakeDownloadItem([signed()], 'again.txt'),
    ];
    const once = api.downloadFile(signed());
    const first = new FakeDownloadItem([signed()], 'once.txt');
    expect(session.defaultSession.download(first, ours)).toBe(false);
    for (const item of stray) {
      expect(session.defaultSession.download(item, ours), item.getURL()).toBe(true);
      expect(item.savePath).toBeUndefined();
    }
    first.end('completed');
    expect(await once).toEqual({ ok: true, name: 'once.txt' });

    const redirected = api.downloadFile(signed());
    const item = new FakeDownloadItem([signed(), 'https://evil.example/x.exe'], 'x.exe');
    expect(session.defaultSession.download(item, ours)).toBe(true);
    expect(await redirected).toEqual({ ok: false, error: 'failed' });
    expect(existsSync(join(downloadsDir, 'x.exe'))).toBe(false);
  });

  it('fails a download that never starts', async () => {
    session.defaultSession.removeAllListeners('will-download');
    const downloads = new Downloads({
      servers: () => [{ name: 'Office', url: SERVER }],
      contents: () => ours as never,
      dir: () => downloadsDir,
      log: () => {},
      startTimeoutMs: 20,
    });
    session.defaultSession.on('will-download', (event, item) =>
      downloads.willDownload(event, item),
    );
    expect(await downloads.start(signed())).toEqual({ ok: false, error: 'failed' });
    // Its approval is gone with it.
    const late = new FakeDownloadItem([signed()], 'late.txt');
    expect(session.defaultSession.download(late)).toBe(true);
  });
});
