import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostController, type HostProcess } from '../../main/host/host-controller';
import type { HostStartOptions } from '../../server/host-protocol';
import type { HostStatus } from '../../main/ipc-channels';
import { connect, register, tempDir } from '../server/helpers';
import { forkLauncher } from './fork-launcher';
import { probeCertificate } from '../../main/tls/pinned-tls';

// The 'lan' test below binds every interface; the forked server entry inherits this, so it does
// not multicast its mDNS advertisement on the machine's real network (test/lan/ covers mDNS).
process.env.PARLEY_NO_MDNS = '1';

const controllers: HostController[] = [];
afterEach(async () => {
  while (controllers.length > 0) await controllers.pop()?.stop();
});

function controller(launched: HostProcess[] = []) {
  const seen: HostStatus[] = [];
  const host = new HostController(forkLauncher(launched), (status) => seen.push(status), {
    restartDelayMs: 100,
    stopTimeoutMs: 3000,
  });
  controllers.push(host);
  return { host, seen };
}

const options = (extra: Partial<HostStartOptions> = {}): HostStartOptions => ({
  dataDir: tempDir(),
  name: 'Desk',
  port: 0,
  reach: 'local',
  registration: 'open',
  ...extra,
});

/** Polls until `check` passes or 10 s go by. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('host controller (real server entry in a child process)', () => {
  it('starts the server, reports its URL and people, and stops cleanly', async () => {
    const { host, seen } = controller();
    const status = await host.start(options());
    expect(status.state).toBe('running');
    expect(status.urls).toHaveLength(1);
    const url = (status.urls[0] ?? '').replace(/\/$/, '');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.map((s) => s.state)).toEqual(['starting', 'running']);

    const alice = await register(url, 'alice');
    await connect(url, alice.token);
    await connect(url, alice.token);
    await until(() => host.getStatus().connections === 2, 'the connection count');
    expect(host.getStatus().people).toBe(1);

    const pid = host.pid ?? 0;
    expect((await host.stop()).state).toBe('stopped');
    expect(alive(pid)).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('reports the memory of the controller and the hosted server while hosting (issue 17)', async () => {
    const { host } = controller();
    const status = await host.start(options());
    const url = (status.urls[0] ?? '').replace(/\/$/, '');
    const alice = await register(url, 'alice');
    await connect(url, alice.token);
    await connect(url, alice.token);
    await until(() => host.getStatus().connections === 2, 'the connection count');
    // The hosted server's resident memory, as the OS counts it (ps reports KiB).
    const childKiB = Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(host.pid)], { encoding: 'utf8' }),
    );
    const mine = process.memoryUsage();
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    // This test process stands in for Electron's main: it holds the HostController, and also
    // vitest and every module the tests load, so its figures bound the controller's from above.
    console.log(
      `hosting (2 connections): hosted server RSS ${mb(childKiB * 1024)} MB; controller ` +
        `process (vitest worker) RSS ${mb(mine.rss)} MB, JS heap ${mb(mine.heapUsed)} MB`,
    );
    expect(childKiB).toBeGreaterThan(0);
    // Generous (about 120 MB here): a leak or a runaway cache at start would not fit.
    expect(childKiB * 1024).toBeLessThan(300e6);
  });

  it('reports the setup code of a server without an owner, and drops it once the owner exists', async () => {
    const { host, seen } = controller();
    const dataDir = tempDir();
    const status = await host.start(options({ dataDir }));
    const url = (status.urls[0] ?? '').replace(/\/$/, '');
    expect(status.port).toBe(Number(new URL(url).port));
    expect(status.setupCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(readFileSync(join(dataDir, 'setup-code'), 'utf8').trim()).toBe(status.setupCode);
    // What the hosting screen fills in for the host.
    const owner = await register(url, 'host', { setupCode: status.setupCode });
    expect(owner.user.role).toBe('owner');
    await until(() => host.getStatus().setupCode === undefined, 'the setup code to go');
    expect(seen.at(-1)).toMatchObject({ state: 'running', setupCode: undefined });
    // A restart of a server that has its owner reports no code.
    await host.stop();
    expect((await host.start(options({ dataDir }))).setupCode).toBeUndefined();
  });

  it('hosting for the LAN serves TLS on every interface, each with the reported certificate', async () => {
    const { host } = controller();
    const status = await host.start(options({ reach: 'lan' }));
    expect(status.state).toBe('running');
    expect(status.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(status.urls.length).toBeGreaterThan(0);
    for (const url of status.urls) {
      expect(url).toMatch(/^https:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/);
      expect((await probeCertificate(url))?.fingerprint, url).toBe(status.fingerprint);
    }
  });

  it('restarts the server after a crash, with its data', async () => {
    const { host, seen } = controller();
    const first = await host.start(options({ port: 0 }));
    const url = (first.urls[0] ?? '').replace(/\/$/, '');
    await register(url, 'alice');
    process.kill(host.pid ?? 0, 'SIGKILL');
    await until(() => seen.some((s) => s.state === 'crashed'), 'the crash report');
    expect(seen.find((s) => s.state === 'crashed')?.message).toMatch(/stopped unexpectedly/);
    await until(() => host.getStatus().state === 'running', 'the restart');
    expect(host.getStatus().restarts).toBe(1);
    // Port 0 may give a new port; the account is still there in the same data dir.
    const again = (host.getStatus().urls[0] ?? '').replace(/\/$/, '');
    const login = await fetch(`${again}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'correct horse' }),
    });
    expect(login.status).toBe(200);
  });

  it('stops restarting after too many crashes in a minute', async () => {
    const { host } = controller();
    await host.start(options());
    for (let crash = 1; crash <= 4; crash++) {
      await until(() => host.getStatus().state === 'running', `run ${crash}`);
      process.kill(host.pid ?? 0, 'SIGKILL');
      await until(() => host.getStatus().state === 'crashed', `crash ${crash}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.getStatus()).toMatchObject({ state: 'crashed', restarts: 4 });
    expect(host.getStatus().message).toMatch(/not restarted/);
  });

  it('two starts at once launch one server, and both get its status', async () => {
    const launched: HostProcess[] = [];
    const { host } = controller(launched);
    const settings = options();
    const [first, second] = await Promise.all([host.start(settings), host.start(settings)]);
    expect(first.state).toBe('running');
    expect(second).toEqual(first);
    expect(launched).toHaveLength(1);
    // Later, the same settings restart (the form's "Restart"); other settings asked for while
    // that is on its way restart once more, after it, and each start gets its own server.
    const other = options();
    const [again, restarted] = await Promise.all([host.start(settings), host.start(other)]);
    expect([again.state, restarted.state]).toEqual(['running', 'running']);
    expect(launched).toHaveLength(3);
    expect(launched.slice(0, 2).every((child) => !alive(child.pid ?? 0))).toBe(true);
  });

  it('a stop asked for during a start wins: nothing keeps running', async () => {
    const launched: HostProcess[] = [];
    const { host } = controller(launched);
    const starting = host.start(options());
    const stopped = await host.stop();
    expect((await starting).state).toBe('stopped');
    expect(stopped.state).toBe('stopped');
    expect(host.getStatus().state).toBe('stopped');
    expect(launched.every((child) => !alive(child.pid ?? 0))).toBe(true);
  });

  it('reports a port in use as a failure to start, without restarting', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    const launched: HostProcess[] = [];
    const { host } = controller(launched);
    const status = await host.start(options({ port }));
    blocker.close();
    expect(status.state).toBe('failed');
    expect(status.message).toBe(`Port ${port} is already in use; pick another one.`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(launched).toHaveLength(1);
  });
});
