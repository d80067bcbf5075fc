import type { NetworkInterfaceInfo } from 'node:os';

/** What the power tests hand WakeWatch: interfaces, and clocks they move by hand. */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;
export const info = (address: string, internal = false) =>
  ({ address, internal, family: 'IPv4' }) as NetworkInterfaceInfo;
export const loopback = { lo: [info('127.0.0.1', true)] };
export const home: Interfaces = { ...loopback, wlan0: [info('192.168.1.20')] };

/**
 * Two clocks the test moves by hand: the wall clock (`now`) and the monotonic one. `advance`
 * moves both, as time passing does; `sleep` moves the wall clock only (the monotonic clock
 * stands still while the computer sleeps); `setBack` steps the wall clock back (NTP).
 */
export function clock(start = 1_000_000) {
  const time = { now: start, mono: 5_000 };
  return {
    now: () => time.now,
    monotonic: () => time.mono,
    advance: (ms: number) => {
      time.now += ms;
      time.mono += ms;
    },
    sleep: (ms: number) => void (time.now += ms),
    setBack: (ms: number) => void (time.now -= ms),
  };
}
