import { app, session } from 'electron';
import { handle, type OwnContents } from '../ipc';
import type { SettingsStore } from '../settings';
import { Downloads } from './downloads';

/**
 * File downloads, wired: `files:download` (the arguments checked by `fileUrlSchema`, the
 * sender by `handle`) and the default session's `will-download`, which every window shares.
 */
export function setupDownloads(settings: SettingsStore, own: OwnContents): Downloads {
  const downloads = new Downloads({
    servers: () => settings.get().servers,
    // The sender is one of these; any of our windows can start a download for it.
    contents: () => own().find((contents) => !contents.isDestroyed()),
    dir: () => app.getPath('downloads'),
  });
  session.defaultSession.on('will-download', (event, item) => downloads.willDownload(event, item));
  handle('files:download', own, (url) => downloads.start(url));
  return downloads;
}
