import { utilityProcess } from 'electron';
import type { BackupResult } from '../../server/ops/backup';
import type { BackupAnswer, BackupJob } from '../../server/ops/backup-job';

/**
 * Runs one backup of `dataDir` into a new `parley-backup-<time>.tar.gz` in `folder`, somewhere
 * other than main's event loop.
 */
export type RunBackup = (dataDir: string, folder: string) => Promise<BackupResult>;

/** The backup's child process as main needs it: utilityProcess, or a Node fork in tests. */
export interface BackupChild {
  postMessage(job: BackupJob): void;
  onMessage(listener: (answer: BackupAnswer) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** A backup slower than this (an hour) is taken for stuck, and its process killed. */
const TIMEOUT_MS = 60 * 60_000;

/**
 * Runs each backup in a fresh child started by `launch` (server/ops/backup-entry.ts): the copy
 * and compression never stall the window's main process, nor the hosted server, which goes on
 * serving from its own process while SQLite's backup reads a snapshot beside it.
 */
export function childBackupRunner(launch: () => BackupChild, timeoutMs = TIMEOUT_MS): RunBackup {
  return (dataDir, folder) =>
    new Promise<BackupResult>((resolve, reject) => {
      const child = launch();
      let answered = false;
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('The backup took too long and was stopped.'));
      }, timeoutMs);
      child.onMessage((answer) => {
        answered = true;
        clearTimeout(timer);
        if (answer.ok) resolve(answer.result);
        else reject(new Error(answer.message));
      });
      child.onExit((code) => {
        clearTimeout(timer);
        if (!answered) reject(new Error(`The backup process ended early (exit code ${code}).`));
      });
      child.postMessage({ type: 'backup', dataDir, folder });
    });
}

/** Electron's utilityProcess running the compiled backup entry. */
export function utilityBackupLauncher(entry: string): () => BackupChild {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'Parley backup',
      stdio: 'inherit',
    });
    return {
      postMessage: (job) => child.postMessage(job),
      onMessage: (listener) => child.on('message', (answer: BackupAnswer) => listener(answer)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
