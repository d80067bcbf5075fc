import { describe, expect, it } from 'vitest';
import type { HostReport } from '../../server/host-protocol';
import { createHostEntry, type ParentChannel } from '../../server/host-process';
import { tempDir } from '../server/helpers';

/** A parent channel in this process: what main would send, and what the entry reports. */
function parent() {
  const reports: HostReport[] = [];
  const listeners: { message?: (message: unknown) => void; close?: () => void } = {};
  const channel: ParentChannel = {
    send: (report) => reports.push(report),
    onMessage: (listener) => (listeners.message = listener),
    onClose: (listener) => (listeners.close = listener),
  };
  return { channel, reports, listeners };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the hosted server entry, created and started explicitly', () => {
  it('does nothing until started; then serves on a start command and exits on stop', async () => {
    const { channel, reports, listeners } = parent();
    const exits: number[] = [];
    const entry = createHostEntry(channel, (code) => exits.push(code));
    // Importing and creating it opened nothing and listens to no one yet.
    expect(listeners.message).toBeUndefined();
    entry.start();
    const options = { dataDir: tempDir(), name: 'Desk', port: 0, reach: 'local' };
    listeners.message?.({ type: 'start', options: { ...options, registration: 'open' } });
    await until(() => reports.some((report) => report.type === 'ready'), 'ready');
    const ready = reports.find((report) => report.type === 'ready');
    const url = (ready?.type === 'ready' && ready.urls[0]) || '';
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);

    listeners.message?.({ type: 'format-disk' }); // malformed: ignored
    expect(exits).toEqual([]);
    listeners.message?.({ type: 'stop' });
    await until(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([0]);
    expect(reports.at(-1)).toEqual({ type: 'stopped' });
    await expect(fetch(new URL('/healthz', url))).rejects.toThrow();
  });

  it('stops when the parent goes away', async () => {
    const { channel, reports, listeners } = parent();
    const exits: number[] = [];
    createHostEntry(channel, (code) => exits.push(code)).start();
    const options = { dataDir: tempDir(), name: 'Desk', port: 0, reach: 'local' };
    listeners.message?.({ type: 'start', options: { ...options, registration: 'open' } });
    await until(() => reports.some((report) => report.type === 'ready'), 'ready');
    listeners.close?.();
    await until(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([0]);
  });
});
