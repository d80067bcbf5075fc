import { describe, expect, it, vi } from 'vitest';
import type { WakeReason } from '../../main/ipc-channels';
import { WakeWatch, interfacesFingerprint } from '../../main/power';
import { clock, home, info, loopback, type Interfaces } from './power-helpers';

vi.mock('electron', () => import('./fake-electron'));

describe('WakeWatch', () => {
  function watch(interfaces: Interfaces = home) {
    const time = clock();
    const current = { interfaces };
    const seen: WakeReason[] = [];
    const options = {
      now: time.now,
      monotonic: time.monotonic,
      readInterfaces: () => current.interfaces,
      pollMs: 10_000,
    };
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

  it('a wall clock set back silences no wake; a sleep ends a burst the monotonic clock missed', () => {
    const { watch: w, time, seen } = watch();
    w.signal('network');
    time.setBack(3 * 3_600_000); // NTP after a resume, or a dead RTC battery
    time.advance(1500);
    w.signal('unlock-screen');
    time.advance(1500);
    w.signal('network');
    expect(seen).toEqual(['network', 'unlock-screen', 'network']);
    // A wake just before the lid closed: the monotonic clock stood still over the night.
    time.advance(1500);
    w.signal('network');
    time.sleep(8 * 3_600_000);
    w.signal('resume');
    expect(seen.slice(3)).toEqual(['network', 'resume']);
    // A burst is still one wake, the wall clock set back or not.
    w.signal('unlock-screen');
    time.setBack(60_000);
    w.signal('network');
    expect(seen.slice(5)).toEqual([]);
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
    const eth0 = [info('10.0.0.5'), info('2001:db8::5')];
    expect(interfacesFingerprint({ eth0, lo: [] })).toBe('eth0 10.0.0.5\neth0 2001:db8::5');
    // Link-local addresses, and the bridges and veths of containers and VMs, are left out.
    const noisy = {
      eth0: [...eth0, info('fe80::1'), info('FEBF::2'), info('169.254.10.1')],
      docker0: [info('172.17.0.1')],
      'br-3f2a': [info('172.18.0.1')],
      veth12ab: [info('fe80::9')],
      virbr0: [info('192.168.122.1')],
    };
    expect(interfacesFingerprint(noisy)).toBe(interfacesFingerprint({ eth0 }));
    // fec0:: is not link-local (fe80::/10 ends at febf), nor is a bridge named otherwise.
    expect(interfacesFingerprint({ br0: [info('fec0::1')] })).toBe('br0 fec0::1');
  });
});
