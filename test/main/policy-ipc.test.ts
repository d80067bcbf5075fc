import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupHost } from '../../main/host/setup-host';
import type { PolicyState } from '../../main/ipc-channels';
import { HOSTING_LOCKED, SERVERS_LOCKED, setupPolicy } from '../../main/policy-apply';
import { NO_POLICY } from '../../main/policy-state';
import { SettingsStore } from '../../main/settings';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { app, FakeWebContents, ipcMain } from './fake-electron';

/** Every server process main asked Electron to start (none answers: it never gets that far). */
const forked: string[] = [];
vi.mock('electron', async () => ({
  ...(await import('./fake-electron')),
  utilityProcess: {
    fork(entry: string) {
      forked.push(entry);
      return Object.assign(new EventEmitter(), { pid: 1, postMessage() {}, kill() {} });
    },
  },
}));

const ours = new FakeWebContents();
const own = () => [ours as never];
const fromApp = { sender: ours, senderFrame: { url: 'app://parley/index.html', parent: null } };
const invoke = (channel: string, ...args: unknown[]) =>
  Promise.resolve().then(() => ipcMain.handlers.get(channel)?.(fromApp, ...args));

const office = { name: 'Office', url: 'https://chat.example.com', fingerprint: 'ab'.repeat(32) };
const mine = { name: 'Mine', url: 'http://10.0.0.9:4000' };
const lockAll = (locks: Partial<PolicyState['locks']>): PolicyState => ({
  ...NO_POLICY,
  file: '/etc/parley/policy.json',
  locks: { ...NO_POLICY.locks, ...locks },
  presetServers: [office.url],
});

let dir: string;
let settings: SettingsStore;
beforeEach(() => {
  dir = tempDir();
  settings = new SettingsStore(`${dir}/settings.json`);
  settings.addServer(mine);
  forked.length = 0;
  ours.sent = [];
});
afterEach(() => {
  ipcMain.handlers.clear();
  app.removeAllListeners();
});

/** Main as index.ts wires it: the policy applied first, then the handlers that enforce it. */
function start(state: PolicyState) {
  const policy = setupPolicy({ own, settings, policy: { state, servers: [office] } });
  setupIpc({ own, settings, vault: new TokenVault(`${dir}/tokens.json`), policy });
  return policy;
}

describe('main under a policy', () => {
  it('puts the preset servers in the rail and answers policy:get', async () => {
    const state = lockAll({});
    start(state);
    expect(await invoke('policy:get')).toEqual(state);
    expect(await invoke('servers:list')).toEqual([office, mine]);
    // Kept in the settings file: a restart without the policy still has them.
    expect(new SettingsStore(`${dir}/settings.json`).get().servers).toEqual([office, mine]);
  });

  it('servers unlocked: the person adds and removes their own, never a preset', async () => {
    start(lockAll({}));
    const other = { name: 'Other', url: 'http://10.0.0.7:4000' };
    expect(await invoke('servers:add', other)).toEqual([office, mine, other]);
    expect(await invoke('servers:remove', mine.url)).toEqual([office, other]);
    await expect(invoke('servers:remove', office.url)).rejects.toThrow(
      /cannot be changed or removed/,
    );
    await expect(invoke('servers:add', { ...office, name: 'Renamed' })).rejects.toThrow(
      /set by your organisation/,
    );
    expect(settings.get().servers).toEqual([office, other]);
  });

  it('servers locked: adding and removing are refused, and so is an invite or LAN server', async () => {
    start(lockAll({ servers: true }));
    const other = { name: 'Other', url: 'http://10.0.0.7:4000' };
    await expect(invoke('servers:add', other)).rejects.toThrow(SERVERS_LOCKED);
    await expect(invoke('servers:remove', mine.url)).rejects.toThrow(SERVERS_LOCKED);
    // Invites and mDNS answers meet servers:check first: a new server is refused with why...
    expect(await invoke('servers:check', other)).toEqual({
      refused: SERVERS_LOCKED,
      lookalikes: [],
    });
    // ...while an invite to a server already in the rail just opens it.
    expect(await invoke('servers:check', office)).toEqual({ saved: office, lookalikes: [] });
    expect(settings.get().servers).toEqual([office, mine]);
  });

  it('hosting off: host:start is refused and "start hosting when Parley starts" is ignored', async () => {
    settings.update((s) => ({ ...s, host: { ...s.host, autoStart: true } }));
    const hosting = { ...settings.get().host, name: 'Changed' };
    const deps = { settings, own, entry: '/host-entry.js', webRoot: '/web', onStatus: () => {} };
    setupHost({ ...deps, policy: lockAll({ hosting: true }) });
    await expect(invoke('host:start', hosting)).rejects.toThrow(HOSTING_LOCKED);
    expect(forked).toEqual([]);
    expect(settings.get().host.name).toBe('Parley');
    expect(ours.sent.filter(([channel]) => channel === 'host:status')).toEqual([]);

    // The same settings without the lock do start it, at once.
    ipcMain.handlers.clear();
    setupHost({ ...deps, policy: lockAll({}) });
    await vi.waitFor(() => expect(forked).toEqual(['/host-entry.js']));
  });
});
