import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostController } from '../../main/host/host-controller';
import { setupHost } from '../../main/host/setup-host';
import { HOSTING_LOCKED, SERVERS_LOCKED, setupPolicy } from '../../main/policy-apply';
import { SettingsStore } from '../../main/settings';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { app, ipcMain, utilityProcess } from './fake-electron';
import { HOST_ENTRY } from './fork-launcher';
import { appWindow } from './main-helpers';
import { asTester, writePolicy } from './policy-files';

vi.mock('electron', () => import('./fake-electron'));

const { own, invoke } = appWindow();

const FP = 'ab'.repeat(32);
const office = { name: 'Office', url: 'https://chat.example.com', fingerprint: FP };
const mine = { name: 'Mine', url: 'http://10.0.0.9:4000' };
const other = { name: 'Other', url: 'http://10.0.0.7:4000' };

let dir: string;
let settings: SettingsStore;
let host: HostController | undefined;
beforeEach(() => {
  dir = tempDir();
  app.paths.userData = dir;
  settings = new SettingsStore(`${dir}/settings.json`);
  settings.addServer(mine);
});
afterEach(async () => {
  await host?.stop();
  ipcMain.handlers.clear();
  app.removeAllListeners();
});

/**
 * Main as index.ts wires it, from a policy file on disk: the policy applied first, then hosting
 * and the server handlers, each given the state that setupPolicy returned.
 */
function start(policy: object, logged: string[] = []) {
  const file = writePolicy(policy);
  const state = setupPolicy({ own, settings, file, read: asTester(logged) });
  const deps = { settings, own, entry: HOST_ENTRY, webRoot: tempDir(), onStatus: () => {} };
  host = setupHost({ ...deps, policy: state });
  setupIpc({ own, settings, vault: new TokenVault(`${dir}/tokens.json`), policy: state, host });
  return { file, state };
}

describe('main under a locked policy file, wired as index.ts wires it', () => {
  it('refuses every locked change, and starts no hosting at all', async () => {
    settings.update((s) => ({ ...s, host: { ...s.host, autoStart: true } }));
    const forked = utilityProcess.forked.length;
    const locked = { allowServerChanges: false, allowHosting: false, allowStartAtLogin: false };
    const { file } = start({ version: 1, servers: [office], ...locked });
    expect(await invoke('policy:get')).toMatchObject({
      file,
      locks: { servers: true, hosting: true, startAtLogin: true, updates: false },
      presetServers: [office.url],
    });
    expect(await invoke('servers:list')).toEqual([office, mine]);
    await expect(invoke('servers:add', other)).rejects.toThrow(SERVERS_LOCKED);
    // Renaming is adding again: refused too.
    await expect(invoke('servers:add', { ...mine, name: 'Renamed' })).rejects.toThrow(
      SERVERS_LOCKED,
    );
    await expect(invoke('servers:remove', mine.url)).rejects.toThrow(SERVERS_LOCKED);
    await expect(invoke('host:start', settings.get().host)).rejects.toThrow(HOSTING_LOCKED);
    expect(utilityProcess.forked.length).toBe(forked);
    // Kept in the settings file: a restart without the policy still has them.
    expect(new SettingsStore(`${dir}/settings.json`).get().servers).toEqual([office, mine]);
  });

  it('servers locked: a check refuses a new server with why, and says nothing else', async () => {
    start({ version: 1, servers: [office], allowServerChanges: false });
    // An invite or mDNS answer meets servers:check first; a pin mismatch is not shown beside it.
    const impostor = {
      name: 'Office',
      url: 'https://chat.example.com:8443',
      fingerprint: 'cd'.repeat(32),
    };
    expect(await invoke('servers:check', impostor)).toEqual({
      refused: SERVERS_LOCKED,
      lookalikes: [office],
    });
    // An invite to a server already in the rail just opens it.
    expect(await invoke('servers:check', office)).toEqual({ saved: office, lookalikes: [] });
  });

  it('servers unlocked: the person adds and removes their own, never a preset', async () => {
    start({ version: 1, servers: [office] });
    expect(await invoke('servers:add', other)).toEqual([office, mine, other]);
    expect(await invoke('servers:remove', mine.url)).toEqual([office, other]);
    await expect(invoke('servers:remove', office.url)).rejects.toThrow(/cannot be changed/);
    await expect(invoke('servers:add', { ...office, name: 'Renamed' })).rejects.toThrow(
      /set by your organisation/,
    );
    expect(settings.get().servers).toEqual([office, other]);
  });
});

describe('a preset that would re-pin a saved server', () => {
  it('is skipped, logged and reported; the rest of the file applies', async () => {
    const bank = { name: 'Bank chat', url: office.url, fingerprint: 'cd'.repeat(32) };
    settings.addServer(bank);
    const logged: string[] = [];
    const wiki = { name: 'Wiki', url: 'http://10.0.0.5:4000' };
    const { file, state } = start(
      { version: 1, servers: [office, wiki], allowHosting: false },
      logged,
    );
    expect(state.notice).toBe(
      `${file}: ${office.url} was not added: its certificate disagrees with the one you trust ` +
        `for "Bank chat" (${office.url}), which is kept`,
    );
    expect(state).toMatchObject({ presetServers: [wiki.url], locks: { hosting: true } });
    expect(state.error).toBeUndefined();
    expect(await invoke('policy:get')).toEqual(state);
    expect(settings.get().servers).toEqual([wiki, mine, bank]);
    expect(logged).toEqual([
      `policy: ${office.url} not added: its certificate disagrees with ${office.url}, saved`,
    ]);
    // Not the policy's, so the person's to remove.
    expect(await invoke('servers:remove', bank.url)).toEqual([wiki, mine]);
  });
});

describe('anything unexpected while applying it', () => {
  it('fails open as a broken file: reported, nothing locked, the app starts', async () => {
    // The settings cannot be written (their folder became a file): the presets cannot be saved.
    settings = new SettingsStore(`${dir}/profile/settings.json`);
    writeFileSync(`${dir}/profile`, '');
    const logged: string[] = [];
    const { file, state } = start(
      { version: 1, servers: [office], allowServerChanges: false },
      logged,
    );
    expect(state.error).toMatch(new RegExp(`^${file} could not be applied \\(.*E(EXIST|NOTDIR)`));
    expect(state.locks.servers).toBe(false);
    expect(logged).toEqual([`policy: ${state.error}; no policy applies`]);
    expect(await invoke('policy:get')).toEqual(state);
  });
});
