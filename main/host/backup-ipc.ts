import { basename } from 'node:path';
import { dialog } from 'electron';
import { handle, type OwnContents } from '../ipc';
import type { HostBackupResult, LastBackup } from '../ipc-channels';
import type { SettingsStore } from '../settings';
import type { RunBackup } from './backup-runner';

/**
 * The host screen's "Back up now": main asks the OS for a folder (the renderer never names a
 * path), backs the hosting data dir up there as `parley-backup-<time>.tar.gz`, and keeps when
 * and where in the settings, for "Last backup". One backup at a time: a second click while one
 * runs gets the same answer.
 */
export function setupHostBackup(deps: {
  settings: SettingsStore;
  own: OwnContents;
  dataDir: string;
  run: RunBackup;
}): void {
  const { settings, own } = deps;
  let running: Promise<HostBackupResult> | undefined;

  const backUp = async (): Promise<HostBackupResult> => {
    const choice = await dialog.showOpenDialog({
      title: 'Choose a folder for the backup',
      buttonLabel: 'Back up here',
      defaultPath: settings.get().backup?.folder,
      properties: ['openDirectory', 'createDirectory'],
    });
    const folder = choice.filePaths[0];
    if (choice.canceled || !folder) return { ok: false, error: 'cancelled' };
    try {
      const done = await deps.run(deps.dataDir, folder);
      const backup: LastBackup = {
        at: done.at,
        folder,
        file: basename(done.file),
        bytes: done.bytes,
      };
      settings.update((s) => ({ ...s, backup }));
      return { ok: true, backup };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: 'failed', message };
    }
  };

  handle('host:last-backup', own, () => settings.get().backup ?? null);
  handle('host:backup', own, () => {
    running ??= backUp().finally(() => (running = undefined));
    return running;
  });
}
