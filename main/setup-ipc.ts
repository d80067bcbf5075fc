import { handle, type OwnContents } from './ipc';
import type { PolicyState } from './ipc-channels';
import { guardServerChange, SERVERS_LOCKED } from './policy-apply';
import { NO_POLICY } from './policy-state';
import { openExternalSafely } from './security';
import { checkServer } from './server-check';
import type { SettingsStore } from './settings';
import type { TokenVault } from './token-vault';

/**
 * The IPC of tokens, saved servers and links. Hosting and notifications wire their own. The
 * policy's server lock is enforced here, where every way of saving a server (typed, invite, mDNS)
 * ends: an invite or mDNS answer is refused at its check already, with why.
 */
export function setupIpc(deps: {
  own: OwnContents;
  settings: SettingsStore;
  vault: TokenVault;
  policy?: PolicyState;
}) {
  const { own, settings, vault, policy = NO_POLICY } = deps;
  handle('token:get', own, (serverUrl) => vault.get(serverUrl));
  handle('token:set', own, (serverUrl, token) => vault.set(serverUrl, token));
  handle('token:delete', own, (serverUrl) => vault.delete(serverUrl));
  handle('shell:open-external', own, (url) => {
    openExternalSafely(url);
  });
  handle('servers:list', own, () => settings.get().servers);
  handle('servers:check', own, (server) => {
    const check = checkServer(settings.get().servers, server);
    return policy.locks.servers && !check.saved ? { ...check, refused: SERVERS_LOCKED } : check;
  });
  handle('servers:add', own, (server) => {
    guardServerChange(policy, server.url);
    return settings.addServer(server);
  });
  handle('servers:remove', own, (url) => {
    guardServerChange(policy, url);
    void vault.delete(url);
    return settings.removeServer(url);
  });
}
