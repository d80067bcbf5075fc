import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { HostController } from '../../main/host/host-controller';
import { setupHost } from '../../main/host/setup-host';
import type { HostStatus } from '../../main/ipc-channels';
import { guardServerChange, SERVERS_LOCKED, setupPolicy } from '../../main/policy-apply';
import { SettingsStore } from '../../main/settings';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { app } from './fake-electron';
import { HOST_ENTRY } from './fork-launcher';
import { appWindow, freePort, resetMain } from './main-helpers';
import { asTester, writePolicy } from './policy-files';

vi.mock('electron', () => import('./fake-electron'));

const { own, invoke } = appWindow();

let host: HostController | undefined;
let settings: SettingsStore;
beforeEach(() => {
  app.paths.userData = tempDir();
  settings = new SettingsStore(`${app.paths.userData}/settings.json`);
});
afterEach(() => resetMain(host));

it('servers locked, hosting allowed: the owner may add the server they host, and only it', async () => {
  // Wired as index.ts wires it, from a policy file on disk.
  const file = writePolicy({ version: 1, allowServerChanges: false });
  const policy = setupPolicy({ own, settings, file, read: asTester() });
  const deps = { settings, own, entry: HOST_ENTRY, webRoot: tempDir(), onStatus: () => {} };
  host = setupHost({ ...deps, policy });
  setupIpc({ own, settings, vault: new TokenVault(`${tempDir()}/t.json`), policy, host });

  const port = await freePort();
  // The hosting screen's own address for it (host-panel.tsx): loopback on its port, no TLS here.
  const desk = { name: 'Desk', url: `http://127.0.0.1:${port}` };
  // Before it runs, it is any other server.
  await expect(invoke('servers:add', desk)).rejects.toThrow(SERVERS_LOCKED);
  const hosting = { ...settings.get().host, name: 'Desk', port, reach: 'local' };
  const status = (await invoke('host:start', hosting)) as HostStatus;
  expect(status).toMatchObject({ state: 'running', port });

  expect(await invoke('servers:add', desk)).toEqual([desk]);
  // Another port of this machine, or the same address claiming a certificate, is not it.
  await expect(
    invoke('servers:add', { ...desk, url: `http://127.0.0.1:${port + 1}` }),
  ).rejects.toThrow(SERVERS_LOCKED);
  const pinned = { ...desk, url: `https://127.0.0.1:${port}`, fingerprint: 'ab'.repeat(32) };
  await expect(invoke('servers:add', pinned)).rejects.toThrow(SERVERS_LOCKED);
  // The lock still holds for removing, and for adding once hosting has stopped.
  await expect(invoke('servers:remove', desk.url)).rejects.toThrow(SERVERS_LOCKED);
  await invoke('host:stop');
  await expect(invoke('servers:add', { ...desk, name: 'Renamed' })).rejects.toThrow(SERVERS_LOCKED);
  expect(settings.get().servers).toEqual([desk]);
}, 30_000);

it('with hosting locked as well, not even the hosted server passes', () => {
  const locks = { servers: true, hosting: true, startAtLogin: false, updates: false };
  const policy = { locks, presetServers: [], updateChannel: 'default' as const };
  expect(() => guardServerChange(policy, 'http://127.0.0.1:4000', true)).toThrow(SERVERS_LOCKED);
  expect(() =>
    guardServerChange(
      { ...policy, locks: { ...locks, hosting: false } },
      'http://127.0.0.1:4000',
      true,
    ),
  ).not.toThrow();
});
