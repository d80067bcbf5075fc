import { join } from 'node:path';
import { app } from 'electron';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { setupDownloads } from './downloads/setup-downloads';
import { setupHost } from './host/setup-host';
import { setupLan } from './lan/setup-lan';
import { launchFacts, setupLaunch } from './launch';
import { setupMenu } from './menu';
import { setupNotifications } from './notifications';
import { policyPath } from './policy';
import { setupPolicy } from './policy-apply';
import { setupPower } from './power';
import { setupSecurity } from './security';
import { SettingsStore } from './settings';
import { setupAppSettings } from './setup-app-settings';
import { setupContextMenu } from './setup-context-menu';
import { createInvites } from './setup-invites';
import { setupIpc } from './setup-ipc';
import { setupPinning } from './tls/setup-pinning';
import { TokenVault } from './token-vault';
import { setupTray } from './tray';
import { Windows } from './window';

/**
 * The main process only wires modules together; each `setupX` owns one concern. Paths are
 * relative to the app root (the asar in a package): see electron-builder.yml `files`.
 */
const root = app.getAppPath();
const paths = {
  preload: join(root, 'dist/main/preload.cjs'),
  renderer: join(root, 'dist/renderer'),
  hostEntry: join(root, 'dist/node/server/host-entry.js'),
  icon: join(root, 'main/assets/icon.png'),
};

// A separate profile for tests and portable runs; must be set before anything reads userData.
if (process.env.PARLEY_USER_DATA) app.setPath('userData', process.env.PARLEY_USER_DATA);
app.enableSandbox();
registerAppScheme();
const invites = createInvites();
invites.listen();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(ready);
}

function ready(): void {
  const userData = app.getPath('userData');
  const settings = new SettingsStore(join(userData, 'settings.json'));
  const vault = new TokenVault(join(userData, 'tokens.json'));
  // LAN browsing follows the window's life; its IPC answers the window's own contents only.
  const lan = setupLan(() => windows.contents());
  const windows = new Windows(settings, paths, lan);
  const own = windows.contents;
  // The organisation's policy, read once; its preset servers join the settings before any use.
  // setupPolicy never throws: a file it cannot use (or a bug) fails open, with the banner.
  const policy = setupPolicy({ own, settings, file: policyPath(process.platform, process.env) });

  setupSecurity();
  serveRenderer(paths.renderer);
  setupMenu();
  setupAppSettings({ settings, own, policy: () => policy });
  setupPinning(settings, own);
  setupDownloads(settings, own);
  setupNotifications(windows, own);
  setupPower(own);
  const showTrayStatus = setupTray({
    icon: paths.icon,
    onShow: () => windows.show(),
    onQuit: () => app.quit(),
  });
  const host = setupHost({
    settings,
    own,
    entry: paths.hostEntry,
    webRoot: paths.renderer,
    onStatus: showTrayStatus,
    policy,
  });
  setupIpc({ own, settings, vault, policy, host });
  // A message link to the hosted server names its LAN address, as invites do.
  setupContextMenu({ own, settings, host });
  invites.start({ own, windows, settings, host });
  // Started at sign-in with "start minimised": the window is made but kept hidden (its server
  // sessions run) until "Show Parley"; a later start with --hidden leaves it so.
  setupLaunch(windows, launchFacts(settings.get().app));
  // While hosting, closing the window leaves the server running in the tray.
  app.on('window-all-closed', () => {
    const hosting = ['starting', 'running'].includes(host.getStatus().state);
    if (process.platform !== 'darwin' && !hosting) app.quit();
  });
}
