/** What the checkpoint thread tells after each checkpoint: SQLite's `wal_checkpoint` row. */
export interface CheckpointReport {
  /** 1 when another connection was checkpointing (then log and checkpointed are -1). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Of those, frames copied into the database file. */
  checkpointed: number;
}

/**
 * The checkpoint thread's code (checkpoint-thread.ts), plain CommonJS, eval'd: it runs the same
 * from source, built and packaged. A checkpoint flushes the WAL before copying it and the
 * database before marking it copied at every synchronous level but OFF; FULL is set so that no
 * build's default can make it OFF. An error (the disk, a corrupt file) is thrown: the thread
 * ends, and the main connection checkpoints again (the server logs it).
 */
export const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
});
parentPort.postMessage('ready');`;
