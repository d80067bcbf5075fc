import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupPower } from '../../main/power';
import { FakeWebContents, powerMonitor } from './fake-electron';
import { clock, home, loopback, type Interfaces } from './power-helpers';

vi.mock('electron', () => import('./fake-electron'));

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
      monotonic: time.monotonic,
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
