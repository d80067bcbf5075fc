import { handle, type OwnContents } from './ipc';
import { openExternalSafely } from './security';
import { checkServer } from './server-check';
import type { SettingsStore } from './settings';
import type { TokenVault } from './token-vault';

/** The IPC of tokens, saved servers and links. Hosting and notifications wire their own. */
export function setupIpc(deps: { own: OwnContents; settings: SettingsStore; vault: TokenVault }) {
  const { own, settings, vault } = deps;
  handle('token:get', own, (serverUrl) => vault.get(serverUrl));
  handle('token:set', own, (serverUrl, token) => vault.set(serverUrl, token));
  handle('token:delete', own, (serverUrl) => vault.delete(serverUrl));
  handle('shell:open-external', own, (url) => {
    openExternalSafely(url);
  });
  handle('servers:list', own, () => settings.get().servers);
  handle('servers:check', own, (server) => checkServer(settings.get().servers, server));
  handle('servers:add', own, (server) => settings.addServer(server));
  handle('servers:remove', own, (url) => {
    void vault.delete(url);
    return settings.removeServer(url);
  });
}
