import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_CSP, appResponse, resolveInside } from '../../main/app-protocol';
import { restoreBounds } from '../../main/window-state';
import { tempDir } from '../server/helpers';

vi.mock('electron', () => import('./fake-electron'));

describe('app:// protocol', () => {
  it('serves the built renderer with the CSP header', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(root, 'assets/app.js'), 'console.log(1)');
    const page = await appResponse(root, 'app://parley/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(await page.text()).toContain('<title>Parley</title>');
    expect((await appResponse(root, 'app://parley/')).status).toBe(200);
    const script = await appResponse(root, 'app://parley/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe');
    // fetch() reaches any server the person saved (file bytes become blob: images).
    expect(DESKTOP_CSP).toMatch(/connect-src http: https: ws: wss:(;|$)/);
  });

  it('never leaves the renderer folder', async () => {
    const root = join(tempDir(), 'renderer');
    mkdirSync(root);
    writeFileSync(join(root, '..', 'secret.txt'), 'secret');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00'])
      expect(resolveInside(root, path), path).toBeNull();
    expect((await appResponse(root, 'app://parley/%2e%2e/secret.txt')).status).toBe(404);
    expect((await appResponse(root, 'app://other/index.html')).status).toBe(404);
    expect((await appResponse(root, 'app://parley/missing.js')).status).toBe(404);
  });
});

describe('window bounds', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores remembered bounds that are on a screen', () => {
    const saved = { x: 100, y: 80, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, screens)).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
  });
  it('keeps only the size when the screen it was on is gone', () => {
    const saved = { x: 2500, y: 80, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, screens)).toEqual({ width: 1000, height: 700 });
    expect(restoreBounds(undefined, screens)).toEqual({ width: 1100, height: 740 });
  });
});
