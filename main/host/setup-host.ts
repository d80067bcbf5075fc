import { dirname, join } from 'node:path';
import { app } from 'electron';
import { broadcast, handle, type OwnContents } from '../ipc';
import type { HostSettings, HostStatus, PolicyState } from '../ipc-channels';
import { guardHosting } from '../policy-apply';
import type { SettingsStore } from '../settings';
import { HostController } from './host-controller';
import { utilityLauncher } from './utility-launcher';
import { setupHostBackup } from './backup-ipc';
import { childBackupRunner, utilityBackupLauncher } from './backup-runner';

/** Hosting, wired: the controller, its IPC, status to windows and tray, auto-start, and quit. */
export function setupHost(deps: {
  settings: SettingsStore;
  own: OwnContents;
  entry: string;
  webRoot: string;
  onStatus: (status: HostStatus) => void;
  /** The organisation's policy: with hosting locked, nothing starts it. Required, as in setupIpc. */
  policy: PolicyState;
}): HostController {
  const { settings, own } = deps;
  const host = new HostController(utilityLauncher(deps.entry), (status) => {
    broadcast(own, 'host:status', status);
    deps.onStatus(status);
  });
  const dataDir = join(app.getPath('userData'), 'host');
  const start = (hosting: HostSettings) =>
    host.start({
      dataDir,
      name: hosting.name,
      port: hosting.port,
      reach: hosting.reach,
      registration: hosting.registration,
      webRoot: deps.webRoot,
    });

  handle('host:get', own, () => ({ settings: settings.get().host, status: host.getStatus() }));
  handle('host:start', own, (hosting) => {
    guardHosting(deps.policy);
    settings.update((s) => ({ ...s, host: hosting }));
    return start(hosting);
  });
  handle('host:stop', own, () => host.stop());
  // The backup entry is compiled beside the host entry (dist/node/server/ops/backup-entry.js).
  const backupEntry = join(dirname(deps.entry), 'ops', 'backup-entry.js');
  const run = childBackupRunner(utilityBackupLauncher(backupEntry));
  setupHostBackup({ settings, own, dataDir, run });

  if (settings.get().host.autoStart && !deps.policy.locks.hosting) void start(settings.get().host);

  // Close the server (and its database) cleanly before the app goes away.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped || host.getStatus().state === 'stopped') return;
    event.preventDefault();
    void host.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  return host;
}
