import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../main/desktop-api';
import { broadcast } from '../../main/ipc';
import type { HostStatus } from '../../main/ipc-channels';
import { channels } from '../../main/ipc-contract';
import { argSchemas } from '../../main/ipc-schemas';
import { NO_POLICY } from '../../main/policy-state';
import { SettingsStore } from '../../main/settings';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { notHosting } from './not-hosting';
import { FakeWebContents, contextBridge, ipcMain, ipcRenderer } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/**
 * The channel table of ipc-contract.ts, end to end: the real preload builds `window.parley`
 * from it, and its calls reach main's real handlers (sender check and argument schemas first).
 */
const ours = new FakeWebContents();
const own = () => [ours as never];
let api: DesktopApi;

beforeAll(async () => {
  await import('../../main/preload');
  api = contextBridge.exposed.parley as DesktopApi;
});

beforeEach(() => {
  ipcMain.handlers.clear();
  const dir = tempDir();
  const settings = new SettingsStore(`${dir}/settings.json`);
  const vault = new TokenVault(`${dir}/tokens.json`);
  setupIpc({ own, settings, vault, policy: NO_POLICY, host: notHosting });
  ipcRenderer.senderEvent = {
    sender: ours,
    senderFrame: { url: 'app://parley/index.html', parent: null },
  };
});

describe('IPC channels, declared once', () => {
  it('the preload exposes one method per declared channel, and main has a schema for each request', () => {
    expect(Object.keys(api).sort()).toEqual(Object.keys(channels).sort());
    const requests = Object.values(channels).filter((entry) => entry.kind === 'invoke');
    expect(requests.map((entry) => entry.channel).sort()).toEqual(Object.keys(argSchemas).sort());
    const all = Object.values(channels).map((entry) => entry.channel);
    expect(new Set(all).size).toBe(all.length);
  });

  it("the bridge's requests reach main's handlers, which check every argument", async () => {
    const server = { name: 'Office', url: 'http://192.168.1.20:4000' };
    expect(await api.addServer(server)).toEqual([server]);
    expect(await api.listServers()).toEqual([server]);
    expect(await api.setRefreshToken(server.url, 'r1')).toBe(true);
    expect(await api.getRefreshToken(server.url)).toBe('r1');
    await expect(api.getRefreshToken('javascript:alert(1)')).rejects.toThrow(/invalid arguments/);
    const listWith = api.listServers as (...args: unknown[]) => Promise<unknown>;
    await expect(listWith('extra')).rejects.toThrow(/invalid arguments/);
    // Another sender gets nothing, whatever it passes.
    ipcRenderer.senderEvent = { sender: new FakeWebContents(), senderFrame: null };
    await expect(api.listServers()).rejects.toThrow(/unknown sender/);
  });

  it("main's broadcasts reach the bridge's listeners until they are removed", () => {
    const seen: HostStatus[] = [];
    const off = api.onHostStatus((status) => seen.push(status));
    const status: HostStatus = {
      state: 'running',
      urls: [],
      connections: 0,
      people: 0,
      restarts: 0,
    };
    const deliver = () => {
      for (const [channel, ...args] of ours.sent.splice(0)) ipcRenderer.emit(channel, {}, ...args);
    };
    broadcast(own, 'host:status', status);
    deliver();
    expect(seen).toEqual([status]);
    off();
    broadcast(own, 'host:status', status);
    deliver();
    expect(seen).toHaveLength(1);
  });
});
