import { utilityProcess } from 'electron';
import type { HostReport } from '../../server/host-protocol';
import type { LaunchHost } from './host-controller';

/**
 * Starts the server entry in an Electron utilityProcess: a Node.js child with its own event loop,
 * so the server's work never stalls the window and its crash never takes the app down.
 */
export function utilityLauncher(entry: string): LaunchHost {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'Parley server',
      stdio: 'inherit',
    });
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (command) => child.postMessage(command),
      onMessage: (listener) => child.on('message', (report: HostReport) => listener(report)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
