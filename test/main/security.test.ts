import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY } from '../../main/app-origin';
import { guardNavigation, setupSecurity } from '../../main/security';
import { SettingsStore } from '../../main/settings';
import { Windows } from '../../main/window';
import { tempDir } from '../server/helpers';
import { BrowserWindow, FakeWebContents, app, session, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** Fires a navigation event the way Electron does and tells whether it was stopped. */
function navigate(contents: FakeWebContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { url, preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('main window and navigation', () => {
  it('opens the window with the secure webPreferences, on the app:// entry', () => {
    const windows = new Windows(new SettingsStore(`${tempDir()}/settings.json`), {
      preload: '/app/dist/main/preload.cjs',
      icon: '/app/icon.png',
    });
    windows.show();
    const created = BrowserWindow.created.at(-1);
    expect(created?.options.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    });
    expect(created?.loaded).toBe(APP_ENTRY);
    expect(windows.contents()).toEqual([created?.webContents]);
  });

  it('stops navigation to any other origin, and webviews', () => {
    const contents = new FakeWebContents();
    guardNavigation(contents as never);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(contents, event, 'https://evil.example/phish'), event).toBe(true);
      expect(navigate(contents, event, 'file:///etc/passwd'), event).toBe(true);
      // Images are shown from blob: URLs; a page may still never navigate to one (or to data:).
      expect(navigate(contents, event, 'blob:app://parley/0b0e6f9e'), event).toBe(true);
      expect(navigate(contents, event, 'data:text/html,<script>1</script>'), event).toBe(true);
      expect(navigate(contents, event, 'app://parley.evil/index.html'), event).toBe(true);
      expect(navigate(contents, event, 'app://parley/index.html'), event).toBe(false);
    }
    expect(navigate(contents, 'will-attach-webview', 'app://parley/')).toBe(true);
  });

  it('denies window.open; only http(s) links go to the system browser', () => {
    const contents = new FakeWebContents();
    guardNavigation(contents as never);
    shell.opened.length = 0;
    const urls = [
      'https://example.org/page',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://parley/index.html',
      'smb://server/share',
      'blob:app://parley/0b0e6f9e',
    ];
    for (const url of urls) expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://example.org/page']);
  });

  it('denies every permission but notifications (and LAN access) to the app, all to others', () => {
    setupSecurity();
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      session.defaultSession.requestHandler?.(
        {},
        permission,
        (answer: boolean) => (granted = answer),
        { requestingUrl },
      );
      return granted;
    };
    expect(ask('notifications', 'app://parley/index.html')).toBe(true);
    expect(ask('local-network-access', 'app://parley/index.html')).toBe(true);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'usb'])
      expect(ask(permission, 'app://parley/index.html'), permission).toBe(false);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    expect(session.defaultSession.checkHandler?.({}, 'media', 'app://parley')).toBe(false);
    expect(session.defaultSession.checkHandler?.({}, 'notifications', 'app://parley')).toBe(true);

    // Every webContents created later gets the navigation guard too.
    const later = new FakeWebContents();
    app.emit('web-contents-created', {}, later);
    expect(navigate(later, 'will-navigate', 'https://evil.example/')).toBe(true);
  });
});
