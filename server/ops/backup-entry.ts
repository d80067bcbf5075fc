import { runBackupJob } from './backup-job.js';

/**
 * The desktop app's backup process (`dist/node/server/ops/backup-entry.js`): main starts it in an
 * Electron utilityProcess with one job, and it exits when the job is done (backup-job.ts).
 */
runBackupJob();
