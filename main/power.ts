import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import { powerMonitor } from 'electron';
import { broadcast, type OwnContents } from './ipc';
import type { WakeReason } from './ipc-channels';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** What WakeWatch reads from the system; each part can be replaced in tests. */
export interface WakeWatchOptions {
  /** Wall-clock time in ms (it jumps over a sleep; the poll timer does not). */
  now?: () => number;
  /**
   * A clock that never steps back (`performance.now()`), for telling wakes apart: the wall
   * clock can be set back (NTP after a resume, a dead RTC battery), which would silence every
   * wake until it caught up again.
   */
  monotonic?: () => number;
  readInterfaces?: () => Interfaces;
  /** How often the network interfaces are compared; 10 s. */
  pollMs?: number;
  /** Wakes closer together than this are one wake; 1 s. */
  quietMs?: number;
  /** A poll this much later than planned means the computer slept; 20 s. */
  sleptMs?: number;
}

/** Bridges and veth pairs of containers and VMs: they come and go with them, not the network. */
const VIRTUAL = /^(docker|veth|br-|virbr)/;
/** IPv6 fe80::/10 and IPv4 169.254/16: link-local, never how another server is reached. */
const LINK_LOCAL = /^(fe[89ab][0-9a-f]:|169\.254\.)/i;

/**
 * The addresses of the network interfaces that reach other computers, in a fixed order: two
 * readings differ exactly when such an address came, went or moved to another interface.
 * Loopback, link-local addresses and container or VM bridges are left out: a container starting
 * must not make every session reconnect.
 */
export function interfacesFingerprint(interfaces: Interfaces): string {
  const lines: string[] = [];
  for (const [name, infos = []] of Object.entries(interfaces)) {
    if (VIRTUAL.test(name)) continue;
    for (const info of infos)
      if (!info.internal && !LINK_LOCAL.test(info.address)) lines.push(`${name} ${info.address}`);
  }
  return lines.sort().join('\n');
}

/**
 * Decides when the renderer is told that the computer woke (`resume`, `unlock-screen`) or that
 * the network changed (`network`). Electron has no event for a change of network, so the
 * interfaces are polled; the same poll also notices a sleep that powerMonitor did not report
 * (some Linux desktops lack the service it listens to), by the wall clock jumping ahead.
 */
export class WakeWatch {
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private readonly readInterfaces: () => Interfaces;
  private readonly pollMs: number;
  private readonly quietMs: number;
  private readonly sleptMs: number;
  private fingerprint: string;
  private lastPoll: number;
  private lastWake = { mono: -Infinity, wall: -Infinity };
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly emit: (reason: WakeReason) => void,
    options: WakeWatchOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.readInterfaces = options.readInterfaces ?? networkInterfaces;
    this.pollMs = options.pollMs ?? 10_000;
    this.quietMs = options.quietMs ?? 1000;
    this.sleptMs = options.sleptMs ?? 20_000;
    this.fingerprint = this.read();
    this.lastPoll = this.now();
  }

  /**
   * A wake from the system. Resume, unlock and the network coming back often arrive together:
   * each would make every session reconnect, so only the first of a burst is passed on. A burst
   * is measured on the monotonic clock. That clock stands still while the computer sleeps, so a
   * wall clock that moved on by more than the quiet time also ends the burst: a wake just
   * before a sleep never silences the resume after it. (The wall clock only ever lets a wake
   * through here; set back, it silences nothing.)
   */
  signal(reason: WakeReason): void {
    const mono = this.monotonic();
    const wall = this.now();
    const burst =
      mono - this.lastWake.mono < this.quietMs && wall - this.lastWake.wall < this.quietMs;
    if (burst) return;
    this.lastWake = { mono, wall };
    this.emit(reason);
  }

  /** One comparison of the interfaces, and of the clock against the poll's schedule. */
  poll(): void {
    const now = this.now();
    const late = now - this.lastPoll - this.pollMs;
    this.lastPoll = now;
    const fingerprint = this.read();
    const changed = fingerprint !== this.fingerprint;
    this.fingerprint = fingerprint;
    if (late > this.sleptMs) this.signal('resume');
    else if (changed) this.signal('network');
  }

  start(): void {
    this.timer = setInterval(() => this.poll(), this.pollMs);
    // Polling must never be what keeps the app from quitting.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private read(): string {
    try {
      return interfacesFingerprint(this.readInterfaces());
    } catch {
      // Some sandboxes refuse the call; then only powerMonitor's events are left.
      return '';
    }
  }
}

/**
 * Tells every window of ours when the computer wakes or the network changes (`system:wake`), so
 * that each server session reconnects at once instead of waiting out a dead socket or a backoff.
 * Returns a function that stops listening.
 */
export function setupPower(own: OwnContents, options: WakeWatchOptions = {}): () => void {
  const watch = new WakeWatch((reason) => broadcast(own, 'system:wake', reason), options);
  const onResume = () => watch.signal('resume');
  const onUnlock = () => watch.signal('unlock-screen');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  watch.start();
  return () => {
    watch.stop();
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
  };
}
