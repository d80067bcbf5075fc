import * as z from 'zod';
import { join } from 'node:path';
import { backupDataDir, backupFileName, type BackupResult } from './backup.js';

/**
 * The desktop app's backup, run in its own child process (Electron's utilityProcess; a Node fork
 * in tests) so that neither the window's main process nor the hosted server's event loop does
 * the copying. Main sends one {@link BackupJob}, the child answers one {@link BackupAnswer} and
 * exits. `folder` is one the person picked in the OS dialog that main opened; the archive in it
 * is named by {@link backupFileName}.
 */
export interface BackupJob {
  type: 'backup';
  dataDir: string;
  folder: string;
}
export type BackupAnswer = { ok: true; result: BackupResult } | { ok: false; message: string };

const jobSchema = z.object({
  type: z.literal('backup'),
  dataDir: z.string().min(1).max(4096),
  folder: z.string().min(1).max(4096),
});

/** The child's side of the channel: Electron's parentPort, or a Node fork's IPC. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Waits for the one job, runs it, answers, and ends the process. */
export function runBackupJob(): void {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  const answer = (message: BackupAnswer) => {
    if (port) port.postMessage(message);
    else process.send?.(message);
    // Give the answer time to leave before the process goes.
    setTimeout(() => process.exit(message.ok ? 0 : 1), 50);
  };
  const onJob = (raw: unknown) => {
    const job = jobSchema.safeParse(raw);
    if (!job.success) return answer({ ok: false, message: 'not a backup job' });
    const outFile = join(job.data.folder, backupFileName(Date.now()));
    backupDataDir(job.data.dataDir, outFile).then(
      (result) => answer({ ok: true, result }),
      (error: unknown) =>
        answer({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  };
  if (port) port.on('message', (event) => onJob(event.data));
  else if (process.send) process.once('message', onJob);
  else throw new Error('backup-entry runs only as a child of the Parley app');
}
