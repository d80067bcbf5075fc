import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { HostProcess, LaunchHost } from '../../main/host/host-controller';

/** The compiled server entry, as the packaged app ships it (built by test/build-server.ts). */
export const HOST_ENTRY = join(process.cwd(), 'dist/node/server/host-entry.js');

/**
 * Starts the real host entry in a Node child process: the same messages as Electron's
 * utilityProcess, through `process.send` instead of `parentPort`.
 */
export function forkLauncher(launched: HostProcess[] = []): LaunchHost {
  return () => {
    const child = fork(HOST_ENTRY, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const host: HostProcess & { stderr(): string } = {
      pid: child.pid,
      postMessage: (command) => child.send(command),
      onMessage: (listener) => child.on('message', listener as (message: unknown) => void),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
      stderr: () => stderr,
    };
    launched.push(host);
    return host;
  };
}
