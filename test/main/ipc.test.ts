import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handle } from '../../main/ipc';
import { SettingsStore } from '../../main/settings';
import { NO_POLICY } from '../../main/policy-state';
import { namesLookAlike } from '../../main/server-check';
import { setupIpc } from '../../main/setup-ipc';
import { TokenVault } from '../../main/token-vault';
import { tempDir } from '../server/helpers';
import { notHosting } from './not-hosting';
import { FakeWebContents, ipcMain } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const ours = new FakeWebContents();
const stranger = new FakeWebContents();
const frame = (url: string, parent: unknown = null) => ({ url, parent });

/** Calls a registered handler the way ipcMain would, with the given sender. */
function invoke(
  channel: string,
  sender: { sender: FakeWebContents; senderFrame: unknown },
  ...args: unknown[]
) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(sender, ...args) as Promise<unknown>;
}
const fromApp = { sender: ours, senderFrame: frame('app://parley/index.html') };

let settings: SettingsStore;
beforeEach(() => {
  ipcMain.handlers.clear();
  const dir = tempDir();
  settings = new SettingsStore(`${dir}/settings.json`);
  const vault = new TokenVault(`${dir}/tokens.json`);
  setupIpc({ own: () => [ours as never], settings, vault, policy: NO_POLICY, host: notHosting });
});

describe('IPC: sender check and argument validation', () => {
  it('answers our window', async () => {
    const server = { name: 'Office', url: 'http://192.168.1.20:4000' };
    expect(await invoke('servers:add', fromApp, server)).toEqual([server]);
    expect(await invoke('servers:list', fromApp)).toEqual([server]);
    expect(await invoke('token:set', fromApp, server.url, 'r1')).toBe(true);
    expect(await invoke('token:get', fromApp, server.url)).toBe('r1');
  });

  it('never re-pins a saved server: a different certificate is refused, the same is kept', async () => {
    const pinned = {
      name: 'Office',
      url: 'https://192.168.1.20:4443',
      fingerprint: 'a'.repeat(64),
    };
    await invoke('servers:add', fromApp, pinned);
    await invoke('servers:add', fromApp, { name: 'Other', url: 'http://10.0.0.9:4000' });
    const hostile = { ...pinned, fingerprint: 'b'.repeat(64) };
    await expect(invoke('servers:add', fromApp, hostile)).rejects.toThrow(/already pinned/);
    // Renaming keeps the pin and the place in the rail.
    const renamed = await invoke('servers:add', fromApp, { name: 'HQ', url: pinned.url });
    expect(renamed).toEqual([
      { ...pinned, name: 'HQ' },
      { name: 'Other', url: 'http://10.0.0.9:4000' },
    ]);
  });

  it('checks a server from an invite or mDNS before it is offered: pin, saved, lookalike names', async () => {
    const office = { name: 'Guild', url: 'https://192.168.1.20:4443', fingerprint: 'a'.repeat(64) };
    const plain = { name: 'Home', url: 'http://192.168.1.30:4000' };
    await invoke('servers:add', fromApp, office);
    await invoke('servers:add', fromApp, plain);
    // The same server again: known, no conflict, no lookalike (it is the same address).
    expect(await invoke('servers:check', fromApp, office)).toEqual({
      saved: office,
      lookalikes: [],
    });
    // Another address whose name reads the same, with a Cyrillic і: said so, not refused.
    const twin = { name: 'Guіld', url: 'https://10.9.9.9:4443', fingerprint: 'b'.repeat(64) };
    expect(await invoke('servers:check', fromApp, twin)).toEqual({ lookalikes: [office] });
    // Another port of the pinned host with another certificate: refused.
    const sneaky = { ...twin, name: 'Elsewhere', url: 'https://192.168.1.20:9999' };
    expect(await invoke('servers:check', fromApp, sneaky)).toEqual({
      mismatch: { pinned: office.fingerprint, presented: sneaky.fingerprint, pinnedBy: office.url },
      lookalikes: [],
    });
    await expect(invoke('servers:check', fromApp, { name: 'x', url: 'ftp://a' })).rejects.toThrow(
      /invalid arguments/,
    );
  });

  it('tells server names apart the way people read them', () => {
    expect(namesLookAlike('Guild', 'guild')).toBe(true);
    expect(namesLookAlike('Guild', 'Guіld')).toBe(true); // Cyrillic і
    expect(namesLookAlike('Office', 'Оffice')).toBe(true); // Cyrillic О
    expect(namesLookAlike('Guild', 'GuiId')).toBe(true); // capital I for l
    expect(namesLookAlike('Guild', 'Ｇｕｉｌｄ')).toBe(true); // full-width
    expect(namesLookAlike('Guild ', ' Guild')).toBe(true);
    expect(namesLookAlike('Guild', 'Guilds')).toBe(false);
    expect(namesLookAlike('Office', 'Home')).toBe(false);
  });

  it('refuses other senders: another webContents, a subframe, a page that navigated away', async () => {
    const senders = [
      { sender: stranger, senderFrame: frame('app://parley/index.html') },
      { sender: ours, senderFrame: frame('app://parley/index.html', {}) },
      { sender: ours, senderFrame: frame('https://evil.example/') },
      { sender: ours, senderFrame: null },
    ];
    for (const sender of senders) {
      await expect(invoke('servers:list', sender)).rejects.toThrow(/unknown sender/);
      await expect(invoke('token:get', sender, 'http://a.example')).rejects.toThrow(
        /unknown sender/,
      );
    }
  });

  it('refuses bad arguments before any handler runs', async () => {
    const bad: Array<[string, ...unknown[]]> = [
      ['token:get', 42],
      ['token:get', 'javascript:alert(1)'],
      ['token:get', 'http://a.example/with/path'],
      ['token:set', 'http://a.example', ''],
      ['token:set', 'http://a.example', 'x'.repeat(5000)],
      ['servers:add', { name: 'x', url: 'file:///etc/passwd' }],
      ['servers:add', { name: '', url: 'http://a.example' }],
      ['servers:add'],
      ['servers:list', 'extra'],
      ['badge:set', -1],
      ['badge:set', 1.5],
      ['notify', { serverUrl: 'http://a.example', roomId: 0, title: 't', body: 'b' }],
      [
        'host:start',
        { name: 'x', port: 70000, reach: 'lan', registration: 'open', autoStart: false },
      ],
      [
        'host:start',
        { name: 'x', port: 4000, reach: 'internet', registration: 'open', autoStart: false },
      ],
    ];
    // Channels that other setup functions own get a handler that must never run.
    const reached = vi.fn();
    for (const channel of ['badge:set', 'notify', 'host:start'] as const)
      handle(channel, () => [ours as never], reached);
    for (const [channel, ...args] of bad) {
      await expect(
        invoke(channel, fromApp, ...args),
        `${channel} ${JSON.stringify(args)}`,
      ).rejects.toThrow(/invalid arguments/);
    }
    expect(reached).not.toHaveBeenCalled();
    expect(settings.get().servers).toEqual([]);
  });
});
