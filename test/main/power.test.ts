import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WakeReason } from '../../main/ipc-channels';
import { WakeWatch, interfacesFingerprint, setupPower } from '../../main/power';
import { FakeWebContents, powerMonitor } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;
const info = (address: string, internal = false) =>
  ({ address, internal, family: 'IPv4' }) as NetworkInterfaceInfo;
const loopback = { lo: [info('127.0.0.1', true)] };
const home: Interfaces = { ...loopback, wlan0: [info('192.168.1.20')] };

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  const time = { now: start };
  return { now: () => time.now, advance: (ms: number) => void (time.now += ms) };
}

const stops: Array<() => void> = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()?.();
});

/** setupPower with a window of ours, a hand-moved clock and hand-set interfaces. */
function powered(interfaces: Interfaces = home) {
  const ours = new FakeWebContents();
  const time = clock();
  const current = { interfaces };
  stops.push(
    setupPower(() => [ours as never], {
      now: time.now,
      readInterfaces: () => current.interfaces,
      pollMs: 60_000,
    }),
  );
  const wakes = () => ours.sent.filter(([channel]) => channel === 'system:wake').map(([, r]) => r);
  return { ours, time, current, wakes };
}

describe('main: wake on resume, unlock and network changes', () => {
  it('tells our windows on resume and on unlock, one wake for a burst', () => {
    const { time, wakes } = powered();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen'); // the same moment: one reconnect is enough
    expect(wakes()).toEqual(['resume']);
    time.advance(1500);
    powerMonitor.emit('unlock-screen');
    expect(wakes()).toEqual(['resume', 'unlock-screen']);
  });

  it('stops listening to powerMonitor when stopped', () => {
    const { wakes } = powered();
    stops.pop()?.();
    powerMonitor.emit('resume');
    expect(wakes()).toEqual([]);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    expect(powerMonitor.listenerCount('unlock-screen')).toBe(0);
  });

  it('polls the interfaces on its own timer and says when an address comes', async () => {
    const ours = new FakeWebContents();
    const current = { interfaces: loopback as Interfaces };
    stops.push(
      setupPower(() => [ours as never], { readInterfaces: () => current.interfaces, pollMs: 20 }),
    );
    current.interfaces = home; // the Wi-Fi came back
    await vi.waitFor(() => expect(ours.sent).toEqual([['system:wake', 'network']]));
  });
});

describe('WakeWatch', () => {
  function watch(interfaces: Interfaces = home) {
    const time = clock();
    const current = { interfaces };
    const seen: WakeReason[] = [];
    const options = { now: time.now, readInterfaces: () => current.interfaces, pollMs: 10_000 };
    return { watch: new WakeWatch((r) => seen.push(r), options), time, current, seen };
  }

  it('says "network" when an address comes, goes or moves, and nothing while they stay', () => {
    const { watch: w, time, current, seen } = watch();
    const poll = (next: Interfaces) => {
      time.advance(10_000);
      current.interfaces = next;
      w.poll();
    };
    poll({ wlan0: [info('192.168.1.20')], ...loopback }); // same addresses, another order
    expect(seen).toEqual([]);
    poll({ ...loopback, wlan0: [info('192.168.1.20')], tun0: [info('10.8.0.2')] }); // a VPN
    poll({ ...loopback, wlan0: [info('192.168.1.20')] }); // the VPN went
    poll({ ...loopback, eth0: [info('192.168.1.20')] }); // cable instead of Wi-Fi
    poll({ eth0: [info('192.168.1.20')], lo: [info('127.0.0.2', true)] }); // loopback only
    expect(seen).toEqual(['network', 'network', 'network']);
  });

  it('says "resume" when a poll comes far later than planned: the computer slept', () => {
    const { watch: w, time, seen } = watch();
    time.advance(10_000 + 5_000); // a busy moment, not a sleep
    w.poll();
    expect(seen).toEqual([]);
    time.advance(10_000 + 25 * 60_000); // 25 minutes of wall clock in one tick
    w.poll();
    expect(seen).toEqual(['resume']);
  });

  it('keeps working when the interfaces cannot be read', () => {
    const seen: WakeReason[] = [];
    const w = new WakeWatch((r) => seen.push(r), {
      readInterfaces: () => {
        throw new Error('EPERM');
      },
    });
    w.poll();
    w.signal('resume');
    expect(seen).toEqual(['resume']);
  });

  it('fingerprints the addresses that reach other computers only', () => {
    expect(interfacesFingerprint(loopback)).toBe('');
    expect(interfacesFingerprint({ eth0: [info('10.0.0.5'), info('fe80::1')], lo: [] })).toBe(
      'eth0 10.0.0.5\neth0 fe80::1',
    );
  });
});
