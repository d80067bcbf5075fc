import { app, session, shell, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl, isExternalLink } from './app-origin';

/** The webPreferences of every window: Electron's security checklist, nothing relaxed. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

/** Opens an http(s) link in the system browser; anything else (file:, javascript:…) is refused. */
export function openExternalSafely(url: string): boolean {
  if (!isExternalLink(url)) return false;
  void shell.openExternal(url);
  return true;
}

/**
 * Our pages may only show our pages: navigation elsewhere is stopped, new windows are denied
 * (an http(s) link opens in the system browser instead) and webviews are never attached.
 */
export function guardNavigation(contents: WebContents): void {
  const stay = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => stay(event, event.url));
  contents.on('will-frame-navigate', (event) => stay(event, event.url));
  contents.on('will-redirect', (event) => stay(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}

/**
 * Permissions a page of ours may have. Notifications, and the network permissions of Chromium's
 * Local Network Access: an app whose job is to reach LAN and loopback servers needs those.
 * Everything else (camera, geolocation, USB…) is denied, to every page.
 */
const GRANTED = new Set([
  'notifications',
  'local-network-access',
  'local-network',
  'loopback-network',
]);

export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl);
}

/** Installs the guards on the default session and on every webContents that will ever exist. */
export function setupSecurity(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionGranted(permission, origin),
  );
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents));
}
