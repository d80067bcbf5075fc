import { handle, type OwnContents } from './ipc';
import type { HostStatus, PolicyState } from './ipc-channels';
import { guardServerChange, isHostedServer, SERVERS_LOCKED } from './policy-apply';
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
  /** The policy as applied at start. Required: a lock must never go missing by omission. */
  policy: PolicyState;
  /** The hosting controller: under the servers lock its running server may still be added. */
  host: { getStatus(): HostStatus };
}) {
  const { own, settings, vault, policy } = deps;
  handle('token:get', own, (serverUrl) => vault.get(serverUrl));
  handle('token:set', own, (serverUrl, token) => vault.set(serverUrl, token));
  handle('token:delete', own, (serverUrl) => vault.delete(serverUrl));
  handle('shell:open-external', own, (url) => {
    openExternalSafely(url);
  });
  handle('servers:list', own, () => settings.get().servers);
  handle('servers:check', own, (server) => {
    const check = checkServer(settings.get().servers, server);
    // Refused, and nothing else: a pin mismatch's warning beside it would leave the renderer to
    // choose which to show, for a server that cannot be added anyway.
    if (policy.locks.servers && !check.saved)
      return { refused: SERVERS_LOCKED, lookalikes: check.lookalikes };
    return check;
  });
  handle('servers:add', own, (server) => {
    guardServerChange(policy, server.url, isHostedServer(deps.host.getStatus(), server));
    return settings.addServer(server);
  });
  handle('servers:remove', own, (url) => {
    guardServerChange(policy, url);
    void vault.delete(url);
    return settings.removeServer(url);
  });
}
